import { isConnectorError } from '@threadline/connector-core';
import type { FreshdeskContext } from './context.js';
import { collectPages } from './pagination.js';
import type { FdConversation, FdTicket } from './wire-types.js';

/**
 * Freshdesk's archive. Closed tickets that have not changed for a while (120 days by default) move
 * there: `GET /tickets/{id}` then answers 404 and the ticket lists and search leave them out; they
 * are readable only at `GET /tickets/archived/{id}` and `GET /tickets/archived/{id}/conversations`
 * ("View an archived ticket", "List all conversations of an archived ticket"; reference §4.2:
 * "archived tickets; absent from list and search"). No endpoint lists them, so a history finds
 * them only by ids it already knows.
 */
export async function readArchivedTicket(context: FreshdeskContext, ticketId: number): Promise<FdTicket | null> {
  try {
    return (await context.client.request<FdTicket>('GET', `/tickets/archived/${ticketId}`)).body;
  } catch (error) {
    if (isConnectorError(error, 'not_found')) return null;
    throw error;
  }
}

export function listArchivedConversations(context: FreshdeskContext, ticketId: number): Promise<FdConversation[]> {
  return collectPages<FdConversation>(context.client, context.apiBaseUrl, `/tickets/archived/${ticketId}/conversations`);
}
