import type { ZendeskSandbox } from '@threadline/zendesk/sandbox';
import type { FreshdeskSandbox } from '@threadline/freshdesk/sandbox';
import { authorizationHeader } from '@threadline/zendesk';

/** The customer writes on a Zendesk ticket (a public comment by the requester); the comment's id. */
export async function zendeskCustomerWrites(sandbox: ZendeskSandbox, ticketId: string, text: string): Promise<string> {
  const requesterId = sandbox.state.tickets.get(Number(ticketId))?.requester_id;
  const response = await fetch(`${sandbox.apiBaseUrl}/tickets/${ticketId}.json`, {
    method: 'PUT',
    headers: { authorization: authorizationHeader(sandbox.credentials.auth), 'content-type': 'application/json' },
    body: JSON.stringify({ ticket: { comment: { body: text, public: true, author_id: requesterId } } }),
  });
  if (!response.ok) throw new Error(`the Zendesk sandbox refused the customer's comment: ${response.status} ${await response.text()}`);
  return String(sandbox.state.comments.get(Number(ticketId))?.at(-1)?.id);
}

/** The customer writes on a Freshdesk ticket (an incoming public conversation from the requester); its id. */
export async function freshdeskCustomerWrites(sandbox: FreshdeskSandbox, ticketId: string, text: string): Promise<string> {
  const requesterId = sandbox.state.tickets.get(Number(ticketId))?.requester_id;
  const response = await fetch(`${sandbox.url}/api/v2/tickets/${ticketId}/notes`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${sandbox.credentials.apiKey}:X`).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ body: text, private: false, incoming: true, user_id: requesterId }),
  });
  if (response.status !== 201) throw new Error(`the Freshdesk sandbox refused the customer's message: ${response.status} ${await response.text()}`);
  return String(((await response.json()) as { id: number }).id);
}
