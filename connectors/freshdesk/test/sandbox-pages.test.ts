import { escapeHtml } from '@threadline/connector-core/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketUrl } from '../src/mappers.js';
import { startSandbox, type FreshdeskSandbox } from '../src/sandbox/index.js';

/** The links Threadline shows (a ticket in Activity, a source in the sidebar) open a page in the sandbox. */
describe('Freshdesk sandbox pages', () => {
  let sandbox: FreshdeskSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('shows a ticket at its agent-interface address: subject, requester and every message, escaped', async () => {
    const id = sandbox.ids.ticket('jane-email');
    const response = await fetch(ticketUrl(sandbox.url, id));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    const ticket = sandbox.dataset.tickets.find((candidate) => candidate.key === 'jane-email')!;
    expect(html).toContain(`#${id} ${escapeHtml(ticket.subject)}`);
    expect(html).toContain('Jane Cooper');
    for (const message of ticket.messages) expect(html).toContain(escapeHtml(message.text.trim()).slice(0, 40));
  });

  it('shows a published article at its portal address, and answers a page (not JSON) for what it does not have', async () => {
    const article = sandbox.dataset.articles[0]!;
    const page = await fetch(`${sandbox.url}/support/solutions/articles/${sandbox.ids.article(article.key)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`<h1>${escapeHtml(article.title)}</h1>`);
    for (const missing of [ticketUrl(sandbox.url, '999999'), `${sandbox.url}/support/solutions/articles/1`]) {
      const answer = await fetch(missing);
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toContain('text/html');
    }
  });
});
