import type { TenantScope } from '@threadline/platform';
import type { Queryable } from '@threadline/platform/db';
import type { CustomerCard, TimelineBody } from '../contract/timeline.js';
import type { TimelineQuery } from './timeline-repository.js';
import { getCustomer } from './customers-repository.js';
import { getTimeline, listCustomerTickets } from './timeline-repository.js';
import { ServerError } from '../errors.js';

/**
 * The customer as the API shows them, whichever way they were reached (`/v1/customers/{id}` or a
 * ticket's `/v1/tickets/{ref}/customer`): who they are, their company, every ticket.
 */
export async function loadCustomerCard(db: Queryable, tenantId: string, customerId: string): Promise<CustomerCard> {
  const customer = await getCustomer(db, tenantId, customerId);
  if (!customer) throw customerNotFound();
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

/** A page of the customer's cross-channel timeline under the customer's name and company, for both timeline routes. */
export async function loadCustomerTimeline(db: Queryable, scope: TenantScope, customerId: string, query: Omit<TimelineQuery, 'customerId'>): Promise<TimelineBody> {
  const customer = await getCustomer(db, scope.tenantId, customerId);
  if (!customer) throw customerNotFound();
  const page = await getTimeline(db, scope, { customerId: customer.id, limit: query.limit, order: query.order, cursor: query.cursor, includeInternal: query.includeInternal });
  return { customer: { id: customer.id, name: customer.name, organization: customer.organization }, ...page } as TimelineBody;
}

function customerNotFound(): ServerError {
  return new ServerError('SERVER_CUSTOMER_NOT_FOUND', 'No customer with that id in this tenant');
}
