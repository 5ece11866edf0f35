import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '@threadline/connector-core/sandbox';
import { authorizationHeader } from '../src/options.js';
import { ticketUrl } from '../src/mappers.js';
import { startSandbox, type ZendeskSandbox } from '../src/sandbox/index.js';

/** The links Threadline shows (a ticket in Activity, a source in the sidebar) open a page in the sandbox. */
describe('Zendesk sandbox pages', () => {
  let sandbox: ZendeskSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('shows a ticket at its agent-interface address: subject, requester and the conversation, escaped', async () => {
    const id = sandbox.ids.ticket('jane-email');
    const response = await fetch(ticketUrl(sandbox.url, id));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    const ticket = sandbox.dataset.tickets.find((candidate) => candidate.key === 'jane-email')!;
    expect(html).toContain(`#${id}`);
    expect(html).toContain('Jane Cooper');
    expect(html).toContain(escapeHtml(ticket.messages[0]!.text));
    // Each message says when, as a person reads it, not as the API stores it.
    expect(html).toMatch(/Jane Cooper · \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  });

  it('shows a published article at its html_url, and answers a page (not JSON) for what it does not have', async () => {
    const auth = authorizationHeader(sandbox.credentials.auth);
    const { article } = (await (await fetch(`${sandbox.apiBaseUrl}/help_center/articles/${sandbox.ids.article(sandbox.dataset.articles[0]!.key)}`, { headers: { authorization: auth } })).json()) as { article: { html_url: string; title: string } };
    const page = await fetch(article.html_url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`<h1>${escapeHtml(article.title)}</h1>`);
    for (const missing of [ticketUrl(sandbox.url, '1'), `${sandbox.url}/hc/en-us/articles/1-nothing`]) {
      const answer = await fetch(missing);
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toContain('text/html');
    }
  });
});
