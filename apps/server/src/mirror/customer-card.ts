import type { Queryable } from '@threadline/platform/db';
import type { CustomerCard } from '../contract/timeline.js';
import type { MirrorCustomer } from './customers-repository.js';
import { listCustomerTickets } from './timeline-repository.js';

/** The customer card both the customers API and the sidebar serve: who they are, their company, every ticket. */
export async function buildCustomerCard(db: Queryable, tenantId: string, customer: MirrorCustomer): Promise<CustomerCard> {
  const tickets = await listCustomerTickets(db, tenantId, customer.id);
  return {
    id: customer.id,
    name: customer.name,
    locale: customer.locale,
    organization: customer.organization,
    identities: customer.identities,
    helpdeskIds: customer.externalIds,
    channels: [...new Set(tickets.map((ticket) => ticket.channel))],
    tickets,
  };
}
