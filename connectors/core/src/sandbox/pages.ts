import type { FastifyReply } from 'fastify';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** One message of a ticket as its page lists it. */
export interface SandboxPageMessage {
  from: string;
  at: string;
  /** An internal note (not seen by the customer). */
  isNote: boolean;
  text: string;
}

/**
 * The pages a person opens in a sandbox helpdesk: the agent view of a ticket and a help center
 * article, at the paths the real helpdesk uses, so the links Threadline shows (Activity, Reports,
 * the sidebar's sources, an answer's "More details") open something readable rather than an API
 * 404. The sandbox is a demo on a loopback address; the real helpdesk asks the agent to sign in.
 */
export function sendSandboxPage(reply: FastifyReply, page: { helpdesk: string; title: string; status?: number; bodyHtml: string }): FastifyReply {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · ${escapeHtml(page.helpdesk)} sandbox</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:46em;margin:0 auto;padding:16px;color:#1f2328}.sandbox-note{color:#59636e;font-size:13px;border-bottom:1px solid #d0d7de;padding-bottom:8px}.message{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:8px 0}.note{background:#fff8c5}.meta{color:#59636e;font-size:13px}.text{white-space:pre-wrap;overflow-wrap:anywhere}</style>
</head><body>
<p class="sandbox-note">${escapeHtml(page.helpdesk)} sandbox: the demo helpdesk Threadline is connected to.</p>
${page.bodyHtml}
</body></html>`;
  return reply.code(page.status ?? 200).type('text/html; charset=utf-8').send(html);
}

/** A helpdesk timestamp as a person reads it: "2026-12-07 18:46 UTC". */
function readableTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : `${at.toISOString().slice(0, 10)} ${at.toISOString().slice(11, 16)} UTC`;
}

/** A ticket as an agent reads it: subject, status and requester, then every message, notes marked. */
export function ticketPageBody(ticket: { id: string; subject: string; status: string; requester: string; messages: SandboxPageMessage[] }): string {
  const messages = ticket.messages.map(
    (message) =>
      `<article class="message${message.isNote ? ' note' : ''}"><p class="meta">${escapeHtml(message.from)} · ${escapeHtml(readableTime(message.at))}${message.isNote ? ' · internal note' : ''}</p><div class="text">${escapeHtml(message.text)}</div></article>`,
  );
  return `<h1>#${escapeHtml(ticket.id)} ${escapeHtml(ticket.subject)}</h1>
<p class="meta">Status: ${escapeHtml(ticket.status)} · Requester: ${escapeHtml(ticket.requester)}</p>
${messages.join('\n')}`;
}

/** What a page answers for an id the helpdesk does not have. */
export function sendSandboxPageNotFound(reply: FastifyReply, helpdesk: string, what: string): FastifyReply {
  return sendSandboxPage(reply, { helpdesk, title: 'Not found', status: 404, bodyHtml: `<h1>Not found</h1><p>This ${escapeHtml(helpdesk)} sandbox has no ${escapeHtml(what)}.</p>` });
}
