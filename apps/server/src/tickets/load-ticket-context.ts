import type { Db } from '@threadline/platform/db';
import { isConnectorError } from '@threadline/connector-core';
import { readTicketContext, type TicketContext } from '../agent/answer-context.js';
import type { HelpdeskRegistry, TenantHelpdesk } from '../helpdesk/helpdesk-registry.js';
import type { MirrorSync } from '../mirror/mirror-sync.js';
import { findTicketByExternalId } from '../mirror/tickets-repository.js';
import { ServerError } from '../errors.js';

export interface TicketLoaderDeps {
  db: Db;
  helpdesks: Pick<HelpdeskRegistry, 'forTenant'>;
  mirror: Pick<MirrorSync, 'refreshTicket'>;
}

/** A ticket as the routes and the pipeline work with it: the mirror's context and the tenant's helpdesk. */
export type LoadedTicket = TicketContext & TenantHelpdesk;

export interface LoadTicketInput {
  tenantId: string;
  /** The ticket's id in the helpdesk, as the URL carries it. */
  ticketRef: string;
  /**
   * `always` reads the ticket from the helpdesk first (an answer must see the thread as it is
   * now); `when-missing` does so only for a ticket the mirror has never seen (a view of it).
   */
  refresh: 'always' | 'when-missing';
}

/**
 * The one way to load a ticket by its helpdesk id: the tenant's helpdesk, the ticket mirrored
 * (with its customer's whole history on first sight), its customer and cross-channel history.
 * A ticket neither the mirror nor the helpdesk has is `SERVER_TICKET_NOT_FOUND` (404) on every
 * route and in the pipeline alike, whichever helpdesk said so.
 *
 * @example
 * const ticket = await loadTicketContext(app, { tenantId, ticketRef: request.params.ref, refresh: 'when-missing' });
 * ticket.customer.name; ticket.connector.listGroups();
 */
export async function loadTicketContext(deps: TicketLoaderDeps, input: LoadTicketInput): Promise<LoadedTicket> {
  const { tenantId, ticketRef } = input;
  const helpdesk = await deps.helpdesks.forTenant(tenantId);
  const isMirrored = input.refresh === 'when-missing' && (await findTicketByExternalId(deps.db, tenantId, ticketRef)) !== null;
  if (!isMirrored) {
    try {
      await deps.mirror.refreshTicket(tenantId, helpdesk.connector, ticketRef);
    } catch (error) {
      if (isConnectorError(error, 'not_found')) throw ticketNotFound(ticketRef, error);
      throw error;
    }
  }
  const context = await readTicketContext(deps.db, tenantId, ticketRef);
  // Deleted from the mirror between the refresh and the read (a merge in the helpdesk).
  if (!context) throw ticketNotFound(ticketRef);
  return { ...context, ...helpdesk };
}

function ticketNotFound(ref: string, cause?: unknown): ServerError {
  return new ServerError('SERVER_TICKET_NOT_FOUND', `Ticket ${ref} is not in this helpdesk`, { ticketRef: ref }, cause);
}
