import Type, { type Static } from 'typebox';

const Secret = (description: string) => Type.Optional(Type.String({ maxLength: 500, description }));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

/** The helpdesk connection form: Zendesk (subdomain, agent email, API token) or Freshdesk (domain, API key). */
export const ConnectionForm = Type.Union(
  [
    Type.Object(
      {
        kind: Type.Literal('zendesk'),
        subdomain: Type.String({ minLength: 1, maxLength: 300, description: '"acme" for https://acme.zendesk.com, or a whole URL (a sandbox)' }),
        auth: Type.Optional(
          Type.Union([Type.Literal('api_token'), Type.Literal('oauth')], {
            description: "How Threadline signs in to Zendesk: an agent's API token with their email (absent: this), or an OAuth access token",
          }),
        ),
        email: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: "The agent's email the API token is used with (api_token only)" })),
        apiToken: Secret('Admin Center > Apps and integrations > Zendesk API > API token. Empty or absent: keep the saved one'),
        oauthToken: Secret('An OAuth access token with read and write scope (an OAuth client in Admin Center > Apps and integrations > Zendesk API > OAuth Clients). Empty or absent: keep the saved one'),
        webhookSecret: Secret("The Zendesk webhook's signing secret. Empty or absent: keep the saved one"),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        kind: Type.Literal('freshdesk'),
        domain: Type.String({ minLength: 1, maxLength: 300, description: '"acme.freshdesk.com" (or "acme"), or a whole URL (a sandbox)' }),
        apiKey: Secret("The agent's API key (Profile settings > View API key). Empty or absent: keep the saved one"),
        webhookSecret: Secret('The value your automation rules send in X-Threadline-Webhook-Secret. Empty or absent: keep the saved one'),
      },
      { additionalProperties: false },
    ),
  ],
  { description: 'Credentials left empty keep the saved ones, as long as the helpdesk stays the same kind' },
);
export type ConnectionForm = Static<typeof ConnectionForm>;

/** A secret as the API shows it: whether it is set, and its last characters when it is long enough to keep them hidden. */
export const MaskedSecret = Type.Object({ isSet: Type.Boolean(), masked: Type.String({ examples: ['••••••••3f9a'] }) });

export const HelpdeskAgentBody = Type.Object({ id: Type.String(), name: Type.String(), email: Nullable(Type.String()), role: Type.String() });
export type HelpdeskAgentBody = Static<typeof HelpdeskAgentBody>;

/** Whether the helpdesk's webhooks arrive, per helpdesk. */
export const WebhookActivityBody = Type.Object({
  kind: Type.Union([Type.Literal('zendesk'), Type.Literal('freshdesk')]),
  lastReceivedAt: Nullable(Type.String({ format: 'date-time' })),
  receivedLast24h: Type.Integer({ description: 'Verified deliveries in the current hour and the 23 before it' }),
  lastRefusedAt: Nullable(Type.String({ format: 'date-time', description: 'Last delivery refused for a wrong signature or secret' })),
  refusedLast24h: Type.Integer(),
});
export type WebhookActivityBody = Static<typeof WebhookActivityBody>;

export const ConnectionBody = Type.Object({
  isConnected: Type.Boolean(),
  kind: Nullable(Type.Union([Type.Literal('zendesk'), Type.Literal('freshdesk')])),
  /** What the form's address field holds: the Zendesk subdomain, the Freshdesk domain, or the base URL. */
  address: Nullable(Type.String()),
  baseUrl: Nullable(Type.String()),
  credentials: Nullable(
    Type.Object({
      type: Type.Union([Type.Literal('api_token'), Type.Literal('oauth'), Type.Literal('api_key')]),
      email: Nullable(Type.String()),
      secret: MaskedSecret,
    }),
  ),
  webhookSecret: MaskedSecret,
  webhookUrl: Nullable(Type.String({ description: 'Where the helpdesk posts this tenant\'s webhooks, as this request reached the server' })),
  setup: Type.Array(Type.String(), { description: 'What to create in the helpdesk, one line each (the same text `threadline tenant create` prints)' }),
  events: Type.Array(WebhookActivityBody),
  lastSyncedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type ConnectionBody = Static<typeof ConnectionBody>;

export const ConnectionCheckBody = Type.Object({
  baseUrl: Type.String(),
  agent: HelpdeskAgentBody,
  message: Type.String({ examples: ['Zendesk accepted the API token: it acts as Alex Agent <alex@acme.com> (admin)'] }),
});
export type ConnectionCheckBody = Static<typeof ConnectionCheckBody>;

export const ConnectionSavedBody = Type.Object({ connection: ConnectionBody, agent: HelpdeskAgentBody, message: Type.String() });
export type ConnectionSavedBody = Static<typeof ConnectionSavedBody>;

export const ConnectionAuditBody = Type.Object({
  entries: Type.Array(
    Type.Object({
      id: Type.String(),
      actor: Type.String(),
      at: Type.String({ format: 'date-time' }),
      changes: Type.Array(Type.Object({ field: Type.String(), before: Nullable(Type.String()), after: Nullable(Type.String()) })),
    }),
  ),
});
export type ConnectionAuditBody = Static<typeof ConnectionAuditBody>;
