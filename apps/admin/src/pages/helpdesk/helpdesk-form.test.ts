import { describe, expect, it } from 'vitest';
import type { Connection } from '../../api/connection-api.js';
import { draftProblem, generateWebhookSecret, toDraft, toForm } from './helpdesk-form.js';

const saved: Connection = {
  isConnected: true,
  kind: 'zendesk',
  address: 'acme',
  baseUrl: 'https://acme.zendesk.com',
  credentials: { type: 'api_token', email: 'agent@acme.com', secret: { isSet: true, masked: '••••••••3f9a' } },
  webhookSecret: { isSet: true, masked: '••••••••' },
  webhookUrl: 'https://tl.acme.com/v1/webhooks/zendesk/acme',
  setup: [],
  events: [],
  lastSyncedAt: null,
};

describe('the helpdesk form', () => {
  it('starts from the saved connection with every secret blank, and leaves blank secrets out of the body', () => {
    const draft = toDraft(saved);
    expect(draft).toEqual({ kind: 'zendesk', address: 'acme', zendeskAuth: 'api_token', email: 'agent@acme.com', secret: '', webhookSecret: '' });
    expect(toForm(draft)).toEqual({ kind: 'zendesk', subdomain: 'acme', email: 'agent@acme.com' });
    expect(toForm({ ...draft, kind: 'freshdesk', address: ' acme.freshdesk.com ', secret: 'key' })).toEqual({ kind: 'freshdesk', domain: 'acme.freshdesk.com', apiKey: 'key' });
  });

  it('lets blank secrets keep the saved ones only for the same helpdesk', () => {
    expect(draftProblem(toDraft(saved), saved)).toBeNull();
    expect(draftProblem({ ...toDraft(saved), kind: 'freshdesk', address: 'acme.freshdesk.com' }, saved)).toBe('Enter the API key.');
    expect(draftProblem({ ...toDraft(null), address: 'acme', email: 'a@b.c', secret: 't' }, null)).toBe("Enter the webhook's signing secret.");
    expect(draftProblem({ ...toDraft(saved), email: 'not an email' }, saved)).toMatch(/email/);
  });

  it('signs in to Zendesk with an OAuth token: no email, and a blank token keeps only a saved OAuth token', () => {
    const oauthSaved: Connection = { ...saved, credentials: { type: 'oauth', email: null, secret: { isSet: true, masked: '••••••••' } } };
    const draft = toDraft(oauthSaved);
    expect(draft).toMatchObject({ zendeskAuth: 'oauth', email: '' });
    expect(toForm({ ...draft, secret: ' tok ' })).toEqual({ kind: 'zendesk', subdomain: 'acme', auth: 'oauth', oauthToken: 'tok' });
    expect(draftProblem(draft, oauthSaved)).toBeNull();
    // Switching sign-in needs the other secret: the saved one is not of that kind.
    expect(draftProblem({ ...toDraft(saved), zendeskAuth: 'oauth' }, saved)).toBe('Enter the OAuth access token.');
    expect(draftProblem({ ...draft, zendeskAuth: 'api_token', email: 'agent@acme.com' }, oauthSaved)).toBe('Enter the API token.');
  });

  it('generates a webhook secret of 32 URL-safe characters', () => {
    expect(generateWebhookSecret((bytes) => bytes.fill(255))).toBe('_'.repeat(32));
    expect(generateWebhookSecret()).toMatch(/^[\w-]{32}$/);
  });
});
