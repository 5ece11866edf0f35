import { CHANNELS, type Channel } from '@threadline/connector-core';
import type { Db } from '@threadline/platform/db';
import type { TenantScope } from '@threadline/platform';
import type { PolicyBody } from '../contract/policy.js';
import { insertPolicyAudit, type PolicyFieldChange } from './policy-audit-repository.js';
import { policyInvalid } from './policy-errors.js';
import { effectiveMode, getPolicy, savePolicy, type TenantPolicy } from './policy-repository.js';

/** The stored policy in the API's shape: every channel's effective mode and threshold spelled out. */
export function toPolicyBody(policy: TenantPolicy): PolicyBody {
  return {
    defaults: { mode: policy.mode, confidenceThreshold: policy.confidenceThreshold },
    channels: Object.fromEntries(CHANNELS.map((channel) => [channel, effectiveMode(policy, channel)])),
    blockedTopics: policy.blockedTopics.map((topic) => ({
      name: topic.name,
      keywords: topic.keywords,
      route: { ...topic.escalateTo },
      ...(topic.handOffTo ? { handOffTo: topic.handOffTo } : {}),
    })),
    refundLimit: policy.refundLimit,
    escalationGroupId: policy.escalationGroupId,
    identity: { agentName: policy.agentName, companyName: policy.companyName, greeting: policy.greeting, signOff: policy.signOff },
    languages: policy.languages,
  };
}

/**
 * The API's policy as stored, after the checks the schema cannot make; the first problem refuses
 * the whole policy, so nothing is half-stored.
 */
export function fromPolicyBody(body: PolicyBody): TenantPolicy {
  if (body.channels.voice?.mode === 'auto') throw policyInvalid('channels.voice.mode', 'voice tickets are call transcripts and are never answered publicly; use "draft" or "off"');
  const names = new Set<string>();
  for (const [index, topic] of body.blockedTopics.entries()) {
    if (names.has(topic.name)) throw policyInvalid(`blockedTopics[${index}].name`, `"${topic.name}" is listed twice; topic names are unique`);
    names.add(topic.name);
    for (const keyword of topic.keywords) {
      const pattern = /^\/(.+)\/$/.exec(keyword)?.[1];
      if (pattern === undefined) continue;
      try {
        new RegExp(pattern, 'iu');
      } catch (error) {
        throw policyInvalid(`blockedTopics[${index}].keywords`, `${keyword} is not a valid regular expression (${(error as Error).message})`);
      }
    }
  }
  const greeting = body.identity.greeting;
  if (greeting !== null && /\{(?!name\})[^}]*\}/.test(greeting)) throw policyInvalid('identity.greeting', 'the only placeholder a greeting may hold is {name}');
  const channelOverrides: TenantPolicy['channelOverrides'] = {};
  for (const channel of CHANNELS) {
    const setting = body.channels[channel];
    if (setting) channelOverrides[channel as Channel] = { mode: setting.mode, confidenceThreshold: setting.confidenceThreshold };
  }
  return {
    mode: body.defaults.mode,
    confidenceThreshold: body.defaults.confidenceThreshold,
    channelOverrides,
    blockedTopics: body.blockedTopics.map((topic) => ({
      name: topic.name,
      keywords: topic.keywords,
      escalateTo: topic.route,
      ...(topic.handOffTo ? { handOffTo: topic.handOffTo } : {}),
    })),
    refundLimit: body.refundLimit,
    escalationGroupId: body.escalationGroupId,
    agentName: body.identity.agentName,
    companyName: body.identity.companyName,
    greeting: body.identity.greeting,
    signOff: body.identity.signOff,
    languages: body.languages,
  };
}

/** Leaves of a value by dotted path; blocked topics are keyed by name so one topic's edit is one entry. */
function flatten(value: unknown, path: string, into: Map<string, unknown>): void {
  if (path === 'blockedTopics' && Array.isArray(value)) {
    for (const topic of value as Array<{ name: string }>) into.set(`blockedTopics.${topic.name}`, topic);
    return;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, path ? `${path}.${key}` : key, into);
    return;
  }
  into.set(path, value);
}

/** JSON with object keys sorted: jsonb hands stored objects back in its own key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b))) : inner,
  );
}

/**
 * What changed between two policies, field by field (`channels.chat.mode: draft → auto`). A field
 * present on one side only has `null` on the other.
 *
 * @example diffPolicies(before, { ...before, refundLimit: 100 }) // [{ field: 'refundLimit', before: 500, after: 100 }]
 */
export function diffPolicies(before: PolicyBody, after: PolicyBody): PolicyFieldChange[] {
  const left = new Map<string, unknown>();
  const right = new Map<string, unknown>();
  flatten(before, '', left);
  flatten(after, '', right);
  const changes: PolicyFieldChange[] = [];
  for (const field of new Set([...left.keys(), ...right.keys()])) {
    const was = left.get(field) ?? null;
    const now = right.get(field) ?? null;
    if (canonical(was) !== canonical(now)) changes.push({ field, before: was, after: now });
  }
  return changes;
}

/**
 * Replaces the tenant's policy and records who changed what, in one transaction: the new policy
 * and its audit entry are stored together or not at all. The pipeline reads the policy with each
 * event, so the next webhook already obeys it. A change that changes nothing is not audited.
 */
export async function changePolicy(db: Db, scope: TenantScope, input: { body: PolicyBody; actor: string }): Promise<{ policy: PolicyBody; changes: PolicyFieldChange[] }> {
  const next = fromPolicyBody(input.body);
  return db.transaction(async (tx) => {
    // Serialises concurrent changes of one tenant, so each audit entry's "before" is what it replaced.
    await tx.query(`select tenant_id from agent_policies where tenant_id = $1 for update`, [scope.tenantId]);
    const before = toPolicyBody(await getPolicy(tx, scope.tenantId));
    const after = toPolicyBody(next);
    const changes = diffPolicies(before, after);
    if (changes.length === 0) return { policy: before, changes };
    await savePolicy(tx, scope.tenantId, next);
    await insertPolicyAudit(tx, scope, { actor: input.actor, changes });
    return { policy: after, changes };
  });
}
