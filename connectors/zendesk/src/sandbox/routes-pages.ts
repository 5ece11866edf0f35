import type { FastifyInstance } from 'fastify';
import { escapeHtml, sendSandboxPage, sendSandboxPageNotFound, ticketPageBody } from '@threadline/connector-core/sandbox';
import { numericId } from './protocol.js';
import type { SandboxState } from './state.js';

const HELPDESK = 'Zendesk';

/**
 * The pages behind the links Threadline shows: a ticket in the agent interface
 * (`/agent/tickets/{id}`) and a published help center article (`/hc/{locale}/articles/{id}-{slug}`,
 * its `html_url`).
 */
export function registerPageRoutes(app: FastifyInstance, getState: () => SandboxState): void {
  app.get('/agent/tickets/:id', async (request, reply) => {
    const state = getState();
    const id = numericId((request.params as { id: string }).id);
    const ticket = id === null ? undefined : state.tickets.get(id);
    if (!ticket || ticket.status === 'deleted') return sendSandboxPageNotFound(reply, HELPDESK, 'such ticket');
    const nameOf = (userId: number | null) => (userId === null ? 'Zendesk' : (state.users.get(userId)?.name ?? `user ${userId}`));
    const messages = (state.comments.get(ticket.id) ?? []).map((comment) => ({ from: nameOf(comment.author_id), at: comment.created_at, isNote: !comment.public, text: comment.plain_body }));
    const subject = ticket.subject ?? '(no subject)';
    return sendSandboxPage(reply, {
      helpdesk: HELPDESK,
      title: `#${ticket.id} ${subject}`,
      bodyHtml: ticketPageBody({ id: String(ticket.id), subject, status: ticket.status, requester: nameOf(ticket.requester_id), messages }),
    });
  });

  app.get('/hc/:locale/articles/:idAndSlug', async (request, reply) => {
    const { locale, idAndSlug } = request.params as { locale: string; idAndSlug: string };
    const id = numericId(/^\d+/.exec(idAndSlug)?.[0] ?? '');
    const article = id === null ? undefined : getState().articles.get(id);
    if (!article || article.draft || article.locale !== locale.toLowerCase()) return sendSandboxPageNotFound(reply, HELPDESK, 'such article');
    // The article body is the help center's own HTML, as Zendesk serves it on the page.
    return sendSandboxPage(reply, { helpdesk: HELPDESK, title: article.title, bodyHtml: `<h1>${escapeHtml(article.title)}</h1>\n${article.body}` });
  });
}
