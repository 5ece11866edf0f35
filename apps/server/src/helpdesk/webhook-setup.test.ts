import { describe, expect, it } from 'vitest';
import { webhookSetup, webhookUrl } from './webhook-setup.js';

describe('webhook setup instructions', () => {
  it("names the tenant's URL, with or without a public base URL", () => {
    expect(webhookUrl('https://tl.acme.com/', 'zendesk', 'acme')).toBe('https://tl.acme.com/v1/webhooks/zendesk/acme');
    expect(webhookUrl(undefined, 'freshdesk', 'acme')).toBe('<threadline base URL>/v1/webhooks/freshdesk/acme');
  });

  it('tells a Freshdesk admin the URL, the secret header and a body with the ticket id only', () => {
    const text = webhookSetup({ kind: 'freshdesk', url: 'https://tl.acme.com/v1/webhooks/freshdesk/acme', secret: 's3cret' }).join('\n');
    expect(text).toContain('URL https://tl.acme.com/v1/webhooks/freshdesk/acme');
    expect(text).toContain('X-Threadline-Webhook-Secret: s3cret');
    expect(text).toContain('{"ticket_id": "{{ticket.id}}"}');
    expect(text).toMatch(/Ticket creation/);
    expect(text).toMatch(/Ticket updates/);
  });

  it('tells a Zendesk admin the events, the URL and the trigger body, never the secret (Zendesk makes it)', () => {
    const text = webhookSetup({ kind: 'zendesk', url: 'https://tl.acme.com/v1/webhooks/zendesk/acme', secret: 'generated' }).join('\n');
    expect(text).toContain('Endpoint URL: https://tl.acme.com/v1/webhooks/zendesk/acme');
    expect(text).toContain('Ticket created, Comment added');
    expect(text).toContain('{"ticket_id": "{{ticket.id}}"}');
    expect(text).not.toContain('generated');
  });

  it('tells a console user to save the Zendesk signing secret on the page instead of passing a CLI flag', () => {
    const text = webhookSetup({ kind: 'zendesk', url: 'https://tl.acme.com/v1/webhooks/zendesk/acme', secret: 'x', from: 'console' }).join('\n');
    expect(text).toContain('save its secret here');
    expect(text).not.toContain('--webhook-secret');
  });
});
