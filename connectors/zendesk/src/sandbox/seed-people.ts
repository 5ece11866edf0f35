import type { DemoCustomer, DemoDataset, DemoIdentity } from '@threadline/connector-core/demo';
import type { ZendeskIdentity, ZendeskIdentityType, ZendeskRole, ZendeskUser } from '../wire.js';
import { isoSeconds, zendeskTime, type SandboxState } from './state.js';

/**
 * Demo identity types → Zendesk identity types. WhatsApp numbers are kept as phone numbers
 * ([guess]: the reference does not say how Sunshine Conversations records them), so a phone
 * search finds the WhatsApp customer too.
 */
const IDENTITY_TYPES: Record<DemoIdentity['type'], ZendeskIdentityType | null> = {
  email: 'email',
  phone: 'phone_number',
  whatsapp: 'phone_number',
  twitter: 'twitter',
  facebook: 'facebook',
  instagram: 'messaging',
  messaging: 'messaging',
  // External ids are a user field, not an identity.
  external_id: null,
  other: 'foreign',
};

const DAY = 86_400_000;

function baseUser(state: SandboxState, input: { id: number; name: string; role: ZendeskRole; locale: string; createdAt: string }): ZendeskUser {
  return {
    id: input.id,
    url: `${state.origin}/api/v2/users/${input.id}.json`,
    name: input.name,
    email: null,
    phone: null,
    shared_phone_number: null,
    role: input.role,
    external_id: null,
    organization_id: null,
    tags: [],
    user_fields: {},
    locale: input.locale,
    time_zone: 'America/Los_Angeles',
    verified: true,
    active: true,
    suspended: false,
    photo: null,
    default_group_id: null,
    created_at: input.createdAt,
    updated_at: input.createdAt,
  };
}

function addIdentity(state: SandboxState, user: ZendeskUser, demo: DemoIdentity, createdAt: string): ZendeskIdentity | null {
  const type = IDENTITY_TYPES[demo.type];
  if (type === null) {
    user.external_id = demo.value;
    return null;
  }
  const list = state.identities.get(user.id) ?? [];
  const id = state.nextId('identity');
  const item: ZendeskIdentity = {
    id,
    url: `${state.origin}/api/v2/users/${user.id}/identities/${id}.json`,
    user_id: user.id,
    type,
    value: demo.value,
    verified: true,
    // The first identity of each type is that type's primary.
    primary: !list.some((other) => other.type === type),
    ...(type === 'email' ? { deliverable_state: 'deliverable' } : {}),
    undeliverable_count: 0,
    created_at: createdAt,
    updated_at: createdAt,
  };
  list.push(item);
  state.identities.set(user.id, list);
  if (item.primary && type === 'email') user.email = demo.value;
  if (item.primary && type === 'phone_number') user.phone = demo.value;
  return item;
}

/** Agents (the Threadline bot among them) and groups. */
export function seedStaff(state: SandboxState, dataset: DemoDataset, now: number): void {
  for (const group of dataset.groups) {
    const id = state.nextId('group');
    const at = isoSeconds(now - 700 * DAY);
    state.groups.set(id, { id, url: `${state.origin}/api/v2/groups/${id}.json`, name: group.name, description: '', default: group.key === dataset.groups[0]?.key, deleted: false, created_at: at, updated_at: at });
    state.keys.group.set(group.key, id);
  }
  dataset.agents.forEach((agent, index) => {
    const id = state.nextId('user');
    const user = baseUser(state, { id, name: agent.name, role: index === 0 ? 'admin' : 'agent', locale: 'en-US', createdAt: isoSeconds(now - 720 * DAY) });
    user.default_group_id = state.keys.group.values().next().value ?? null;
    state.users.set(id, user);
    addIdentity(state, user, { type: 'email', value: agent.email }, user.created_at);
    state.keys.agent.set(agent.key, id);
    if (agent.isBot) state.botUserId = id;
  });
  if (state.botUserId === 0) state.botUserId = state.keys.agent.values().next().value ?? 0;
}

/** The dataset's organizations, with their email domains. */
export function seedOrganizations(state: SandboxState, dataset: DemoDataset, now: number): void {
  for (const organization of dataset.organizations) {
    const id = state.nextId('organization');
    const at = isoSeconds(now - 650 * DAY);
    state.organizations.set(id, {
      id, url: `${state.origin}/api/v2/organizations/${id}.json`, name: organization.name, domain_names: [...organization.domains],
      details: null, notes: null, external_id: null, group_id: null, shared_tickets: false, shared_comments: false, tags: [], organization_fields: {}, created_at: at, updated_at: at,
    });
    state.keys.organization.set(organization.key, id);
  }
}

/**
 * A customer as Zendesk holds them after its own merges: one end user with every identity. Each
 * merged identity first belonged to a separate user, whose id is recorded as merged away.
 * `mergedAt(identity)` says when the agent merged (after that identity's last own ticket).
 */
export function seedCustomer(state: SandboxState, customer: DemoCustomer, mergedAt: (identity: DemoIdentity) => string): number {
  const id = state.nextId('user');
  const createdAt = zendeskTime(customer.createdAt);
  const user = baseUser(state, { id, name: customer.name, role: 'end-user', locale: customer.locale, createdAt });
  user.organization_id = customer.organizationKey ? (state.keys.organization.get(customer.organizationKey) ?? null) : null;
  state.users.set(id, user);
  state.keys.customer.set(customer.key, id);
  const isMerged = (item: DemoIdentity) => customer.mergedIdentities.some((merged) => merged.type === item.type && merged.value === item.value);
  for (const item of customer.identities) {
    if (!isMerged(item)) addIdentity(state, user, item, createdAt);
  }
  for (const item of customer.mergedIdentities) {
    const at = mergedAt(item);
    const added = addIdentity(state, user, item, at);
    state.merges.push({ mergedUserId: state.nextId('user'), survivorId: id, identityIds: added ? [added.id] : [], mergedAt: at });
    if (at > user.updated_at) user.updated_at = at;
  }
  return id;
}
