import { useEffect, useState } from 'preact/hooks';
import { canEdit } from '../../api/account-types.js';
import type { Connection } from '../../api/connection-api.js';
import { Failure, Loading, reasonOf } from '../../components/status.js';
import { useLoad } from '../../components/use-load.js';
import { actorName, formatDateTime } from '../../format.js';
import type { PageProps } from '../page-props.js';
import { draftProblem, generateWebhookSecret, HELPDESK_NAMES, toDraft, toForm, type HelpdeskDraft, type HelpdeskKind, type ZendeskAuth } from './helpdesk-form.js';

export const HELPDESK_PATH = '/helpdesk';

type Outcome = { kind: 'ok' | 'error' | 'working'; text: string };

/** A block of text with a button that copies it; when the browser refuses the clipboard, the text stays selectable. */
function CopyBlock({ id, label, text }: { id: string; label: string; text: string }) {
  const [note, setNote] = useState('');
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setNote('Copied.'),
      () => setNote('Select the text and copy it.'),
    );
  return (
    <div class="copy-block">
      <div class="copy-head">
        <span id={`${id}-label`} class="copy-label">
          {label}
        </span>
        <button type="button" class="btn btn-small" aria-describedby={`${id}-label`} onClick={copy}>
          Copy
        </button>
        <span class="muted" role="status">
          {note}
        </span>
      </div>
      <pre id={id} class="setup-text" aria-labelledby={`${id}-label`} tabIndex={0}>
        {text}
      </pre>
    </div>
  );
}

/** Whether the helpdesk's webhooks arrive: per helpdesk, the last one and the last 24 hours. */
function EventStatus({ connection }: { connection: Connection }) {
  const kind = connection.kind as HelpdeskKind;
  const events = connection.events.find((entry) => entry.kind === kind);
  const others = connection.events.filter((entry) => entry.kind !== kind);
  return (
    <section aria-labelledby="events-heading" class="panel">
      <h2 id="events-heading">Are events arriving?</h2>
      {events?.lastReceivedAt ? (
        <p class="event-ok">
          Last webhook from {HELPDESK_NAMES[kind]}: <strong>{formatDateTime(events.lastReceivedAt)}</strong>; {events.receivedLast24h} in the last 24 hours.
        </p>
      ) : (
        <p class="event-warning">No webhook from {HELPDESK_NAMES[kind]} has arrived yet. Until one does, new customer messages are only picked up by the periodic sync; follow the steps below.</p>
      )}
      {events && events.refusedLast24h > 0 ? (
        <p class="event-warning">
          {events.refusedLast24h} {events.refusedLast24h === 1 ? 'delivery was' : 'deliveries were'} refused in the last 24 hours (last {events.lastRefusedAt ? formatDateTime(events.lastRefusedAt) : ''}): the signature or secret did not match the webhook secret saved here.
        </p>
      ) : null}
      {others.map((entry) => (
        <p key={entry.kind} class="muted">
          Earlier {HELPDESK_NAMES[entry.kind]} webhooks: last {entry.lastReceivedAt ? formatDateTime(entry.lastReceivedAt) : 'never'}, {entry.receivedLast24h} in the last 24 hours.
        </p>
      ))}
      {connection.lastSyncedAt ? <p class="muted">Last sync with the helpdesk: {formatDateTime(connection.lastSyncedAt)}.</p> : null}
    </section>
  );
}

const ZENDESK_SIGN_INS: ReadonlyArray<[ZendeskAuth, string]> = [
  ['api_token', "An agent's API token"],
  ['oauth', 'An OAuth access token'],
];

/** The secret field's label: where the admin finds that secret in the helpdesk. */
function secretLabel(draft: HelpdeskDraft): string {
  if (draft.kind === 'freshdesk') return 'API key (Profile settings › View API key)';
  if (draft.zendeskAuth === 'oauth') return 'OAuth access token, read and write scope (Admin Center › Apps and integrations › Zendesk API › OAuth Clients)';
  return 'API token (Admin Center › Apps and integrations › Zendesk API)';
}

/** The connection form: kind, address, credentials; Check asks the helpdesk, Save checks and then stores. */
function ConnectionFormSection({ api, connection, onSaved }: { api: PageProps['api']; connection: Connection; onSaved: () => void }) {
  const [draft, setDraft] = useState<HelpdeskDraft>(() => toDraft(connection));
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const isEditable = canEdit(api.who);
  useEffect(() => setDraft(toDraft(connection)), [connection]);
  const set = (change: Partial<HelpdeskDraft>) => setDraft((current) => ({ ...current, ...change }));
  const isSameKind = connection.isConnected && connection.kind === draft.kind;
  const isOauth = draft.kind === 'zendesk' && draft.zendeskAuth === 'oauth';
  // The saved secret is kept by a blank field only when the sign-in is the same kind.
  const isSameSignIn = isSameKind && (draft.kind === 'freshdesk' || (connection.credentials?.type === 'oauth') === isOauth);
  const savedSecret = isSameSignIn && connection.credentials?.secret.isSet ? connection.credentials.secret.masked : null;
  const keepHint = (masked: string | null) => (masked ? `Saved (${masked}); leave blank to keep it` : undefined);
  const webhookHint = keepHint(isSameKind && connection.webhookSecret.isSet ? connection.webhookSecret.masked : null);

  const run = (action: 'check' | 'save') => {
    const problem = draftProblem(draft, connection);
    if (problem) {
      setOutcome({ kind: 'error', text: problem });
      return;
    }
    setOutcome({ kind: 'working', text: `Asking ${HELPDESK_NAMES[draft.kind]}…` });
    const form = toForm(draft);
    const call = action === 'check' ? api.connection.check(form) : api.connection.save(form);
    call.then(
      (answer) => {
        setOutcome({ kind: 'ok', text: action === 'check' ? `${answer.message}. Nothing was saved yet.` : `${answer.message}.` });
        if (action === 'save') onSaved();
      },
      (error: unknown) => setOutcome({ kind: 'error', text: `${action === 'check' ? 'Check failed' : 'Not saved'}: ${reasonOf(error)}` }),
    );
  };

  return (
    <section aria-labelledby="connection-heading">
      <h2 id="connection-heading">Connection</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          run('save');
        }}
      >
        <fieldset disabled={!isEditable} class="policy-fieldset">
          <legend class="sr-only">Helpdesk connection</legend>
          <fieldset class="kind-choice">
            <legend>Helpdesk</legend>
            {(['zendesk', 'freshdesk'] as const).map((kind) => (
              <label key={kind} class="filter-check">
                <input type="radio" name="helpdesk-kind" value={kind} checked={draft.kind === kind} onChange={() => set({ kind, secret: '', webhookSecret: '' })} />
                {HELPDESK_NAMES[kind]}
              </label>
            ))}
          </fieldset>
          <div class="field-grid">
            <label for="helpdesk-address">{draft.kind === 'zendesk' ? 'Zendesk subdomain (acme for acme.zendesk.com)' : 'Freshdesk domain (acme.freshdesk.com)'}</label>
            <input id="helpdesk-address" autocomplete="off" spellcheck={false} value={draft.address} onInput={(event) => set({ address: event.currentTarget.value })} />
            {draft.kind === 'zendesk' ? (
              <fieldset class="kind-choice field-span">
                <legend>Sign in with</legend>
                {ZENDESK_SIGN_INS.map(([auth, label]) => (
                  <label key={auth} class="filter-check">
                    <input type="radio" name="zendesk-auth" value={auth} checked={draft.zendeskAuth === auth} onChange={() => set({ zendeskAuth: auth, secret: '' })} />
                    {label}
                  </label>
                ))}
              </fieldset>
            ) : null}
            {draft.kind === 'zendesk' && !isOauth ? (
              <>
                <label for="helpdesk-email">Agent email (the API token is used as this agent)</label>
                <input id="helpdesk-email" type="email" autocomplete="off" value={draft.email} onInput={(event) => set({ email: event.currentTarget.value })} />
              </>
            ) : null}
            <label for="helpdesk-secret">{secretLabel(draft)}</label>
            <input id="helpdesk-secret" type="password" autocomplete="new-password" placeholder={keepHint(savedSecret)} value={draft.secret} onInput={(event) => set({ secret: event.currentTarget.value })} />
            <label for="helpdesk-webhook-secret">{draft.kind === 'zendesk' ? "Webhook signing secret (the Zendesk webhook › Signing secret › Reveal)" : 'Webhook secret (sent by your automation rules in X-Threadline-Webhook-Secret)'}</label>
            <div class="secret-row">
              {draft.kind === 'freshdesk' ? (
                // Freshdesk's secret is one the admin makes and pastes into the rule: shown, so it can be copied.
                <input id="helpdesk-webhook-secret" type="text" autocomplete="off" spellcheck={false} placeholder={webhookHint} value={draft.webhookSecret} onInput={(event) => set({ webhookSecret: event.currentTarget.value })} />
              ) : (
                <input id="helpdesk-webhook-secret" type="password" autocomplete="new-password" placeholder={webhookHint} value={draft.webhookSecret} onInput={(event) => set({ webhookSecret: event.currentTarget.value })} />
              )}
              {draft.kind === 'freshdesk' ? (
                <button type="button" class="btn btn-small" onClick={() => set({ webhookSecret: generateWebhookSecret() })}>
                  Generate
                </button>
              ) : null}
            </div>
          </div>
          <p class="muted">Threadline asks {HELPDESK_NAMES[draft.kind]} who these credentials act as before it saves them; credentials it refuses are never stored.</p>
          <div class="form-actions button-row">
            <button type="button" class="btn" onClick={() => run('check')}>
              Check credentials
            </button>
            <button type="submit" class="btn btn-primary">
              Save connection
            </button>
          </div>
        </fieldset>
        {outcome ? (
          <p class={outcome.kind === 'error' ? 'state state-error' : 'state'} role={outcome.kind === 'error' ? 'alert' : 'status'}>
            {outcome.text}
          </p>
        ) : null}
      </form>
    </section>
  );
}

/** The tenant's Zendesk or Freshdesk connection, the webhook setup to copy, and whether events arrive. */
export function HelpdeskPage({ api }: PageProps) {
  const loaded = useLoad(() => api.connection.get(), 'connection');
  const audit = useLoad(() => api.connection.audit(10), 'connection-audit');
  if (loaded.error && !loaded.data) return <Failure message={`The connection could not be loaded: ${reasonOf(loaded.error)}`} onRetry={loaded.reload} />;
  const connection = loaded.data;
  if (!connection) return <Loading label="Loading the helpdesk connection…" />;
  const kind = connection.kind as HelpdeskKind | null;

  return (
    <div>
      <div class="page-head">
        <h1>Helpdesk</h1>
        <p class="muted">
          {!canEdit(api.who)
            ? 'Viewers can read the connection; an admin or owner changes it.'
            : connection.isConnected && kind
              ? `Connected to ${HELPDESK_NAMES[kind]} at ${connection.baseUrl}.`
              : 'Not connected to a helpdesk yet.'}
        </p>
      </div>
      {connection.isConnected ? <EventStatus connection={connection} /> : null}
      <ConnectionFormSection
        api={api}
        connection={connection}
        onSaved={() => {
          loaded.reload();
          audit.reload();
        }}
      />
      {connection.isConnected && kind && connection.webhookUrl ? (
        <section aria-labelledby="setup-heading">
          <h2 id="setup-heading">Set up {HELPDESK_NAMES[kind]} to tell Threadline about new messages</h2>
          <p class="muted">A webhook only names the ticket; Threadline reads the ticket from {HELPDESK_NAMES[kind]} and answers each new customer message once.</p>
          <CopyBlock id="webhook-url" label="Webhook URL" text={connection.webhookUrl} />
          <CopyBlock id="setup-steps" label={`Steps in ${HELPDESK_NAMES[kind]}`} text={connection.setup.join('\n')} />
        </section>
      ) : null}
      <section aria-labelledby="connection-audit-heading">
        <h2 id="connection-audit-heading">Changes</h2>
        {audit.error ? <Failure message={`The changes could not be loaded: ${reasonOf(audit.error)}`} onRetry={audit.reload} /> : null}
        {audit.data && audit.data.entries.length === 0 ? <p class="state state-empty">No changes made in the console yet.</p> : null}
        <ul class="plain-list audit-list">
          {(audit.data?.entries ?? []).map((entry) => (
            <li key={entry.id}>
              <strong>{actorName(entry.actor)}</strong>, {formatDateTime(entry.at)}:{' '}
              {entry.changes.map((change, index) => (
                <span key={change.field}>
                  {index > 0 ? '; ' : ''}
                  <code>{change.field}</code> {change.after === 'changed' ? 'changed' : `${change.before ?? '—'} → ${change.after ?? '—'}`}
                </span>
              ))}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
