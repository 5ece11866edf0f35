import type { AuthorRole } from '@threadline/vocabulary';
import type { Db } from '@threadline/platform/db';
import type { DocumentSource, KnowledgeSource } from '@threadline/knowledge';
import {
  createArticlesSource,
  createCrawlSource,
  createFileSource,
  createMacrosSource,
  createSolvedTicketsSource,
  createUrlSource,
  type FetchPolicy,
  type SolvedTicket,
} from '@threadline/knowledge/sources';
import type { HelpdeskRegistry } from '../helpdesk/helpdesk-registry.js';
import { ServerError } from '../errors.js';

function configError(source: KnowledgeSource, message: string): ServerError {
  return new ServerError('SERVER_KB_SOURCE_CONFIG_INVALID', `Source "${source.name}": ${message}`, { sourceId: source.id });
}

/** Solved and closed tickets from the mirror, with their public messages, oldest first. */
async function* solvedTickets(db: Db, tenantId: string, limit: number): AsyncIterable<SolvedTicket> {
  const { rows } = await db.query<{ id: string; external_id: string; subject: string; url: string; updated_at: Date; customer_name: string }>(
    `select t.id, t.external_id, t.subject, t.url, t.updated_at, c.name as customer_name
       from tickets t join customers c on c.id = t.customer_id and c.tenant_id = t.tenant_id
      where t.tenant_id = $1 and t.status in ('solved', 'closed')
      order by t.updated_at desc limit $2`,
    [tenantId, limit],
  );
  for (const ticket of rows.reverse()) {
    const messages = await db.query<{ author_role: AuthorRole; is_public: boolean; body_text: string; created_at: Date }>(
      `select author_role, is_public, body_text, created_at from messages where tenant_id = $1 and ticket_id = $2 order by created_at, id`,
      [tenantId, ticket.id],
    );
    yield {
      id: ticket.external_id,
      subject: ticket.subject,
      url: ticket.url,
      updatedAt: ticket.updated_at.toISOString(),
      names: [ticket.customer_name],
      messages: messages.rows.map((message) => ({
        role: message.author_role,
        isPublic: message.is_public,
        bodyText: message.body_text,
        createdAt: message.created_at.toISOString(),
      })),
    };
  }
}

/**
 * Builds the document source for a stored knowledge source. Helpdesk kinds read through the
 * tenant's connector (or, for solved tickets, the mirror); web kinds fetch only what `fetchPolicy`
 * allows (public addresses plus the operator's allowlist); files come from uploads.
 */
export function createSourceResolver(deps: { db: Db; helpdesks: HelpdeskRegistry; fetchPolicy: FetchPolicy }) {
  return async (source: KnowledgeSource): Promise<DocumentSource> => {
    const config = source.config as Record<string, unknown>;
    switch (source.kind) {
      case 'helpdesk_articles': {
        const { connector } = await deps.helpdesks.forTenant(source.tenantId);
        return createArticlesSource({ list: () => connector.listArticles() });
      }
      case 'macros': {
        const { connector } = await deps.helpdesks.forTenant(source.tenantId);
        return createMacrosSource({ list: () => connector.listMacros() });
      }
      case 'solved_tickets':
        return createSolvedTicketsSource({ list: () => solvedTickets(deps.db, source.tenantId, Number(config.limit ?? 500)) });
      case 'url': {
        const urls = config.urls;
        if (!Array.isArray(urls) || urls.length === 0 || !urls.every((url) => typeof url === 'string')) throw configError(source, 'config.urls must list at least one URL');
        return createUrlSource({ urls: urls as string[], policy: deps.fetchPolicy });
      }
      case 'crawl': {
        if (typeof config.startUrl !== 'string') throw configError(source, 'config.startUrl is required');
        return createCrawlSource({
          startUrl: config.startUrl,
          policy: deps.fetchPolicy,
          ...(typeof config.maxPages === 'number' ? { maxPages: config.maxPages } : {}),
          ...(typeof config.maxDepth === 'number' ? { maxDepth: config.maxDepth } : {}),
          ...(typeof config.pathPrefix === 'string' ? { pathPrefix: config.pathPrefix } : {}),
        });
      }
      case 'file': {
        const { rows } = await deps.db.query<{ name: string; content_type: string | null; data: Uint8Array; created_at: Date }>(
          `select name, content_type, data, created_at from kb_uploads where tenant_id = $1 and source_id = $2 order by name`,
          [source.tenantId, source.id],
        );
        return createFileSource({
          files: rows.map((row) => ({ name: row.name, data: row.data, ...(row.content_type ? { contentType: row.content_type } : {}), updatedAt: row.created_at.toISOString() })),
          ...(config.visibility === 'internal' ? { visibility: 'internal' as const } : {}),
        });
      }
    }
  };
}
