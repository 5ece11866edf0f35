import { isConnectorError } from '@threadline/connector-core';
import type { HttpClient } from '@threadline/connector-core/http';
import { numericId } from './ticket-writes.js';
import { EMPTY_ACCOUNT_FIELDS, isStaticSource, isStaticStatus, parseTicketFields, type AccountFields } from './mappers.js';
import type { FdAgent, FdTicket, FdTicketField } from './wire-types.js';

/**
 * Facts about the account that rarely change, read lazily and kept: the ticket-field choices
 * (labels of source codes and custom statuses the static tables do not know; re-read hourly) and
 * the agent Threadline acts as (whose messages are the bot's). A failed read is not kept.
 */
export interface AccountInfo {
  fields(): Promise<AccountFields>;
  /** The fields needed to map these tickets: none are fetched when every code is a documented one. */
  fieldsFor(tickets: readonly Pick<FdTicket, 'source' | 'status'>[]): Promise<AccountFields>;
  /** The agent whose messages are Threadline's own, or null when none is. */
  appAgentId(): Promise<number | null>;
}

/**
 * Which agent is Threadline: `'api-key'` (the agent the API key belongs to, read once from
 * `GET /agents/me`: right when the tenant gave Threadline its own agent), an agent id, or `null`
 * (no message reads as the bot's: right when the key is a person's).
 */
export type AppAgent = 'api-key' | string | null;

/** Ticket fields are re-read after this, so a source or status added to the account is picked up. */
const FIELDS_TTL_MS = 60 * 60_000;

/** One load shared by concurrent callers, kept for `ttlMs`; a failed load is forgotten at once. */
function cached<T>(load: () => Promise<T>, ttlMs = Number.POSITIVE_INFINITY, now: () => number = Date.now): () => Promise<T> {
  let pending: Promise<T> | undefined;
  let loadedAt = 0;
  return () => {
    if (pending && now() - loadedAt >= ttlMs) pending = undefined;
    if (!pending) {
      loadedAt = now();
      pending = load().catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
    }
    return pending;
  };
}

export function createAccountInfo(client: HttpClient, appAgent: AppAgent = 'api-key'): AccountInfo {
  const fixedId = appAgent === null || appAgent === 'api-key' ? null : numericId(appAgent, 'appAgentId');
  const fields = cached(async () => parseTicketFields((await client.request<FdTicketField[]>('GET', '/ticket_fields')).body ?? []), FIELDS_TTL_MS);
  const selfAgentId = cached(async (): Promise<number | null> => {
    try {
      return (await client.request<FdAgent>('GET', '/agents/me')).body.id;
    } catch (error) {
      // A key that may not read its own agent record still works for everything else; its
      // messages then read as an agent's rather than Threadline's.
      if (isConnectorError(error, 'forbidden') || isConnectorError(error, 'not_found')) return null;
      throw error;
    }
  });
  return {
    fields,
    async fieldsFor(tickets) {
      const needed = tickets.some((ticket) => !isStaticSource(ticket.source) || !isStaticStatus(ticket.status));
      return needed ? fields() : EMPTY_ACCOUNT_FIELDS;
    },
    appAgentId: appAgent === 'api-key' ? selfAgentId : async () => fixedId,
  };
}
