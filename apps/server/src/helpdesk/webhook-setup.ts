import type { HelpdeskKind } from '@threadline/connector-core';

/** The address a helpdesk posts a tenant's webhooks to. */
export function webhookUrl(publicUrl: string | undefined, kind: HelpdeskKind, slug: string): string {
  return `${publicUrl ? publicUrl.replace(/\/$/, '') : '<threadline base URL>'}/v1/webhooks/${kind}/${slug}`;
}

/**
 * What an admin sets up in the helpdesk so that Threadline hears of every customer message: the
 * minimum to type, the same text as the README's "Connecting a real helpdesk". A delivery is only
 * a nudge to look at the ticket, so the body names the ticket and nothing else; which message to
 * answer is read from the helpdesk. The CLI prints it (`tenant create`); the console's helpdesk
 * page shows it (`GET /v1/connection`), where the secret is saved with the form instead of passed
 * as a flag (`from: 'console'`).
 *
 * @example
 * process.stdout.write(webhookSetup({ kind: 'freshdesk', url: webhookUrl('https://tl.acme.com', 'freshdesk', 'acme'), secret }).join('\n'));
 */
export function webhookSetup(input: { kind: HelpdeskKind; url: string; secret: string; from?: 'cli' | 'console' }): string[] {
  const isConsole = input.from === 'console';
  if (input.kind === 'zendesk') {
    return [
      'Zendesk: Admin Center > Apps and integrations > Webhooks > Create webhook',
      '  Connect to: Zendesk events; events: Ticket created, Comment added',
      `  Endpoint URL: ${input.url}`,
      '  Request method: POST, request format: JSON, authentication: none',
      '  Zendesk makes the signing secret (the webhook > Signing secret > Reveal); the URL depends only on',
      isConsole
        ? '  the slug, so create the webhook first and save its secret here as the webhook signing secret'
        : '  the slug, so create the webhook first and pass its secret: threadline tenant create … --webhook-secret <secret>',
      '  Or, with a trigger instead of events: connect the webhook to "Trigger or automation"',
      '  (request format JSON or form encoded), then Objects and rules > Triggers > Add trigger:',
      '    conditions (all): Comment is Public; Current user is (end user)',
      '    action: Notify by > Active webhook > this webhook, with body {"ticket_id": "{{ticket.id}}"}',
      '    (form encoded: one parameter ticket_id = {{ticket.id}})',
    ];
  }
  return [
    'Freshdesk: Admin > Workflows > Automations; create two rules, each with the action "Trigger webhook":',
    '  1. Ticket creation tab > New rule: for all new tickets',
    '  2. Ticket updates tab > New rule: when the action is performed by the requester, involving the event "Reply is sent"',
    `  Action Trigger webhook: request type POST, URL ${input.url}`,
    `    custom header  X-Threadline-Webhook-Secret: ${input.secret}`,
    '    encoding JSON, content: simple, tick only Ticket ID',
    '    (advanced content instead: {"ticket_id": "{{ticket.id}}"})',
  ];
}
