import type { DemoDataset, DemoIdentity } from '@threadline/connector-core/demo';
import type { ZendeskArticle } from '../wire.js';
import { seedCustomer, seedOrganizations, seedStaff } from './seed-people.js';
import { seedSatisfactionRatings, seedTicket } from './seed-tickets.js';
import { createIdAllocator, isoSeconds, sandboxError, zendeskTime, type SandboxState } from './state.js';

const DAY = 86_400_000;

function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function seedHelpCenter(state: SandboxState, dataset: DemoDataset, now: number): void {
  const hc = `${state.origin}/api/v2/help_center`;
  const site = `${state.origin}/hc`;
  const at = isoSeconds(now - 600 * DAY);
  const categories = new Map<string, number>();
  const sections = new Map<string, number>();
  for (const article of dataset.articles) {
    const locale = article.locale;
    let categoryId = categories.get(article.category);
    if (categoryId === undefined) {
      categoryId = state.nextId('category');
      categories.set(article.category, categoryId);
      state.categories.set(categoryId, {
        id: categoryId, url: `${hc}/${locale}/categories/${categoryId}.json`, html_url: `${site}/${locale}/categories/${categoryId}-${slug(article.category)}`,
        name: article.category, description: '', locale, source_locale: locale, position: categories.size - 1, outdated: false, created_at: at, updated_at: at,
      });
    }
    const sectionKey = `${article.category}\u0000${article.section}`;
    let sectionId = sections.get(sectionKey);
    if (sectionId === undefined) {
      sectionId = state.nextId('section');
      sections.set(sectionKey, sectionId);
      state.sections.set(sectionId, {
        id: sectionId, url: `${hc}/${locale}/sections/${sectionId}.json`, html_url: `${site}/${locale}/sections/${sectionId}-${slug(article.section)}`,
        name: article.section, description: '', locale, source_locale: locale, position: sections.size - 1, outdated: false, created_at: at, updated_at: at,
        category_id: categoryId, parent_section_id: null, sorting: 'manual',
      });
    }
    const id = state.nextId('article');
    const record: ZendeskArticle = {
      id, url: `${hc}/${locale}/articles/${id}.json`, html_url: `${site}/${locale}/articles/${id}-${slug(article.title)}`,
      author_id: state.keys.agent.values().next().value ?? state.botUserId, comments_disabled: false, draft: false, promoted: false, position: 0,
      vote_sum: 0, vote_count: 0, section_id: sectionId, created_at: zendeskTime(article.createdAt), updated_at: zendeskTime(article.updatedAt), edited_at: zendeskTime(article.updatedAt),
      name: article.title, title: article.title, source_locale: locale, locale, outdated: false, outdated_locales: [], permission_group_id: 1_523_984,
      user_segment_id: null, label_names: [...article.labels], content_tag_ids: [], body: article.bodyHtml,
    };
    state.articles.set(id, record);
    state.keys.article.set(article.key, id);
  }
  dataset.macros.forEach((macro, index) => {
    const id = state.nextId('macro');
    const stamp = isoSeconds(now - (200 - index) * DAY);
    state.macros.set(id, {
      id, url: `${state.origin}/api/v2/macros/${id}.json`, title: macro.title, raw_title: macro.title, description: null, active: true, position: index,
      actions: [{ field: 'comment_value', value: macro.bodyText }, { field: 'comment_mode_is_public', value: 'true' }, { field: 'status', value: 'pending' }],
      restriction: null, created_at: stamp, updated_at: stamp,
    });
    state.keys.macro.set(macro.key, id);
  });
}

/**
 * Builds the sandbox's account from the vendor-neutral demo dataset: agents and groups, customers
 * with merged identities, tickets with threads and audits, Help Center and macros. The same
 * dataset always yields the same ids.
 */
export function seedState(dataset: DemoDataset, origin: string, now: number = Date.now()): SandboxState {
  const state: SandboxState = {
    account: { id: 10_374_523, subdomain: dataset.company.subdomain, name: dataset.company.name },
    origin,
    users: new Map(),
    organizations: new Map(),
    identities: new Map(),
    merges: [],
    groups: new Map(),
    tickets: new Map(),
    comments: new Map(),
    audits: new Map(),
    changeSeq: new Map(),
    lastSeq: 0,
    categories: new Map(),
    sections: new Map(),
    articles: new Map(),
    macros: new Map(),
    satisfactionRatings: [],
    metricSets: new Map(),
    keys: { ticket: new Map(), customer: new Map(), agent: new Map(), group: new Map(), article: new Map(), macro: new Map(), organization: new Map() },
    botUserId: 0,
    nextId: createIdAllocator(),
  };
  seedStaff(state, dataset, now);
  seedOrganizations(state, dataset, now);
  for (const customer of dataset.customers) {
    // The agent merged the duplicate a few minutes after its newest own ticket.
    const mergedAt = (item: DemoIdentity) => {
      const own = dataset.tickets.filter((ticket) => ticket.customerKey === customer.key && ticket.via.type === item.type && ticket.via.value === item.value);
      const latest = own.reduce((max, ticket) => Math.max(max, Date.parse(ticket.createdAt)), Date.parse(customer.createdAt) + 30 * DAY);
      return isoSeconds(Math.min(now, latest + 10 * 60_000));
    };
    seedCustomer(state, customer, mergedAt);
  }
  const customers = new Map(dataset.customers.map((customer) => [customer.key, customer]));
  const ordered = [...dataset.tickets].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  for (const ticket of ordered) {
    const customer = customers.get(ticket.customerKey);
    if (!customer) throw sandboxError(`demo ticket ${ticket.key} names unknown customer ${ticket.customerKey}`, { ticket: ticket.key });
    seedTicket(state, ticket, customer, dataset);
  }
  seedSatisfactionRatings(state, dataset);
  const byChange = [...state.tickets.values()].sort((a, b) => a.updated_at.localeCompare(b.updated_at) || a.id - b.id);
  for (const ticket of byChange) state.changeSeq.set(ticket.id, ++state.lastSeq);
  seedHelpCenter(state, dataset, now);
  return state;
}
