import type { FastifyInstance } from 'fastify';
import { escapeHtml, sendSandboxPage, sendSandboxPageNotFound, ticketPageBody } from '@threadline/connector-core/sandbox';
import { TICKET_STATUSES } from '../channel-tables.js';
import type { SandboxState } from './state.js';

const HELPDESK = 'Freshdesk';

/**
 * The pages behind the links Threadline shows: a ticket in the agent interface (`/a/tickets/{id}`,
 * live or archived) and a published solution article on the portal (`/support/solutions/articles/{id}`).
 */
export function registerPageRoutes(app: FastifyInstance, state: SandboxState): void {
  app.get('/a/tickets/:id', async (request, reply) => {
    const id = Number((request.params as { id: string }).id);
    const ticket = state.tickets.get(id) ?? state.archivedTickets.get(id);
    if (!ticket) return sendSandboxPageNotFound(reply, HELPDESK, 'such ticket');
    const nameOf = (userId: number | null) => {
      if (userId === null) return 'Freshdesk';
      return state.contacts.get(userId)?.name ?? state.agents.get(userId)?.contact.name ?? `user ${userId}`;
    };
    const first = { from: nameOf(ticket.requester_id), at: ticket.created_at, isNote: false, text: ticket.description_text };
    const replies = (state.conversations.get(ticket.id) ?? []).map((conversation) => ({ from: nameOf(conversation.user_id), at: conversation.created_at, isNote: conversation.private, text: conversation.body_text }));
    return sendSandboxPage(reply, {
      helpdesk: HELPDESK,
      title: `#${ticket.id} ${ticket.subject}`,
      bodyHtml: ticketPageBody({ id: String(ticket.id), subject: ticket.subject, status: TICKET_STATUSES[String(ticket.status)] ?? `status ${ticket.status}`, requester: nameOf(ticket.requester_id), messages: [first, ...replies] }),
    });
  });

  app.get('/support/solutions/articles/:id', async (request, reply) => {
    const id = Number(/^\d+/.exec((request.params as { id: string }).id)?.[0] ?? NaN);
    const article = state.articles.find((candidate) => candidate.id === id);
    // 2 is published; a draft is not on the portal.
    if (!article || article.status !== 2) return sendSandboxPageNotFound(reply, HELPDESK, 'such article');
    // The description is the article's own HTML, as the portal shows it.
    return sendSandboxPage(reply, { helpdesk: HELPDESK, title: article.title, bodyHtml: `<h1>${escapeHtml(article.title)}</h1>\n${article.description}` });
  });
}
