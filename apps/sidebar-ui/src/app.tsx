import { useEffect, useMemo, useState } from 'preact/hooks';
import { createSidebarApi, describeError, sharedFailure, SidebarApiError, type SidebarApi } from './api.js';
import type { Timeline } from './api-types.js';
import type { HostBridge, HostTicket } from './host-bridge.js';
import { Announcer } from './components/announcer.js';
import { AskPanel } from './components/ask-panel.js';
import { CustomerCardView } from './components/customer-card.js';
import { EscalatePanel } from './components/escalate-panel.js';
import { HandoffPanel } from './components/handoff-panel.js';
import { Panel } from './components/panel.js';
import { Empty, Failure, Loading } from '@threadline/ui/status';
import { SuggestionView } from './components/suggestion-panel.js';
import { TimelineView } from './components/timeline-panel.js';
import { useAsync } from './components/use-async.js';

function TimelineSection({ api, bridge, ticketRef, refreshKey, shared }: { api: SidebarApi; bridge: HostBridge; ticketRef: string; refreshKey: string; shared: SidebarApiError | null }) {
  const first = useAsync(() => api.timeline(ticketRef), `${ticketRef}:${refreshKey}`);
  const [older, setOlder] = useState<{ items: Timeline['items']; nextCursor: string | null } | null>(null);
  const [isLoadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<string | null>(null);
  useEffect(() => setOlder(null), [ticketRef, refreshKey]);

  if (first.status === 'loading') return <Loading label="Loading the conversation history…" />;
  if (first.status === 'error') {
    const isShared = shared !== null && first.error instanceof SidebarApiError && first.error.status === shared.status && first.error.code === shared.code;
    return isShared ? <p class="muted">Not loaded: see the message above.</p> : <Failure message={describeError(first.error, bridge.hostName)} onRetry={first.reload} />;
  }
  const timeline: Timeline = {
    ...first.data,
    items: [...first.data.items, ...(older?.items ?? [])],
    nextCursor: older ? older.nextCursor : first.data.nextCursor,
  };
  if (timeline.items.length === 0) return <Empty>No interactions with this customer yet. New messages show up here after the next sync.</Empty>;

  async function loadOlder() {
    if (!timeline.nextCursor) return;
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const page = await api.timeline(ticketRef, { cursor: timeline.nextCursor });
      setOlder({ items: [...(older?.items ?? []), ...page.items], nextCursor: page.nextCursor });
    } catch (cause) {
      setOlderError(describeError(cause, bridge.hostName));
    } finally {
      setLoadingOlder(false);
    }
  }
  return (
    <>
      <TimelineView timeline={timeline} currentTicketId={ticketRef} onLoadOlder={loadOlder} isLoadingOlder={isLoadingOlder} />
      {olderError ? <Failure message={olderError} onRetry={loadOlder} /> : null}
    </>
  );
}

function TicketView({ bridge, ticket }: { bridge: HostBridge; ticket: HostTicket }) {
  const api = useMemo(() => createSidebarApi(bridge), [bridge]);
  const [refreshCount, setRefreshCount] = useState(0);
  const key = `${ticket.id}:${refreshCount}`;
  const customer = useAsync(() => api.customer(ticket.id), key);
  const summary = useAsync(() => api.summary(ticket.id), key);
  const suggestion = useAsync(() => api.suggest(ticket.id), key);
  // A refused sign-in fails every section alike: say it once.
  const signInFailure = [customer, summary, suggestion].find((state) => state.status === 'error' && state.error instanceof SidebarApiError && state.error.status === 401);
  // So does a helpdesk that is down: one message at the top, not one per section.
  const shared = sharedFailure([customer, summary, suggestion].map((state) => (state.status === 'error' ? state.error : null)));
  const isShared = (state: { status: string; error?: unknown }) => shared !== null && state.status === 'error' && state.error instanceof SidebarApiError && state.error.status === shared.status && state.error.code === shared.code;
  const retryAll = () => setRefreshCount(refreshCount + 1);
  /** A section's failure, unless the banner already says it. */
  const failureOf = (state: { status: string; error?: unknown; reload: () => void }) =>
    state.status !== 'error' ? null : isShared(state) ? <p class="muted">Not loaded: see the message above.</p> : <Failure message={describeError(state.error, bridge.hostName)} onRetry={state.reload} />;

  const header = (
    <header class="topbar">
      <div>
        <p class="brand">Threadline</p>
        <p class="muted">
          Ticket #{ticket.id}
          {ticket.subject ? ` · ${ticket.subject}` : ''}
        </p>
      </div>
      <button type="button" class="btn btn-small" onClick={() => setRefreshCount(refreshCount + 1)}>
        Refresh
      </button>
    </header>
  );
  if (signInFailure && signInFailure.status === 'error') {
    return (
      <>
        {header}
        <Failure message={describeError(signInFailure.error, bridge.hostName)} onRetry={() => setRefreshCount(refreshCount + 1)} />
      </>
    );
  }

  return (
    <>
      {header}
      {shared ? (
        <div class="banner" data-testid="shared-failure">
          <Failure message={describeError(shared, bridge.hostName)} onRetry={retryAll} />
        </div>
      ) : null}

      <Panel id="customer" title="Customer">
        {customer.status === 'loading' ? <Loading label="Finding the customer on every channel…" /> : null}
        {failureOf(customer)}
        {customer.status === 'ready' ? <CustomerCardView card={customer.data} currentTicketId={ticket.id} /> : null}
      </Panel>

      <Panel id="summary" title="Summary">
        {summary.status === 'loading' ? <Loading label="Summarising the customer's story…" /> : null}
        {failureOf(summary)}
        {summary.status === 'ready' ? summary.data.text ? <p class="summary-text">{summary.data.text}</p> : <Empty>Not enough history for a summary yet.</Empty> : null}
      </Panel>

      <Panel id="suggestion" title="Suggested reply">
        {suggestion.status === 'loading' ? <Loading label="Drafting a reply from your knowledge base…" /> : null}
        {failureOf(suggestion)}
        {suggestion.status === 'ready' ? (
          suggestion.data.replyText ? (
            <SuggestionView key={suggestion.data.answerId} suggestion={suggestion.data} api={api} bridge={bridge} ticketRef={ticket.id} />
          ) : (
            <Empty>Threadline has no draft for this ticket. Ask the knowledge base below, or escalate it to a person.</Empty>
          )
        ) : null}
      </Panel>

      <Panel id="timeline" title="Timeline" isInitiallyOpen={false}>
        <TimelineSection api={api} bridge={bridge} ticketRef={ticket.id} refreshKey={String(refreshCount)} shared={shared} />
      </Panel>

      <Panel id="ask" title="Ask the knowledge base" isInitiallyOpen={false}>
        <AskPanel api={api} bridge={bridge} />
      </Panel>

      <Panel id="escalate" title="Escalate" isInitiallyOpen={false}>
        <EscalatePanel
          key={ticket.id}
          api={api}
          bridge={bridge}
          ticketRef={ticket.id}
          {...(suggestion.status === 'ready' && suggestion.data.escalation ? { suggestedReason: suggestion.data.escalation.reason } : {})}
        />
      </Panel>

      <Panel id="handoff" title="Hand off to another channel" isInitiallyOpen={false}>
        <HandoffPanel key={ticket.id} api={api} bridge={bridge} ticketRef={ticket.id} />
      </Panel>
    </>
  );
}

/** The whole sidebar for whatever ticket the host has open. */
export function SidebarApp({ bridge }: { bridge: HostBridge }) {
  const [ticket, setTicket] = useState<HostTicket | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    setError(null);
    bridge.getTicket().then(setTicket, setError);
  }, [bridge, attempt]);
  useEffect(() => {
    bridge.onTicketChanged?.((next) => setTicket(next));
  }, [bridge]);

  return (
    <Announcer>
      <main class="sidebar" aria-busy={!ticket && !error}>
        {error ? (
          <Failure
            message={`Could not read the open ticket from ${bridge.hostName} (${error instanceof Error ? error.message : String(error)}). Open a ticket, then retry.`}
            onRetry={() => setAttempt(attempt + 1)}
          />
        ) : ticket ? (
          <TicketView key={ticket.id} bridge={bridge} ticket={ticket} />
        ) : (
          <Loading label={`Waiting for ${bridge.hostName}…`} />
        )}
      </main>
    </Announcer>
  );
}
