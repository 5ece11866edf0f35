import type { BridgeRequestInit, HostBridge } from './host-bridge.js';
import type {
  AskResult,
  CustomerCard,
  EscalateInput,
  EscalateResult,
  FeedbackVerdict,
  Group,
  HandoffInput,
  HandoffResult,
  RewriteInput,
  RewriteResult,
  Suggestion,
  Summary,
  Timeline,
} from './api-types.js';

/** A failed sidebar call: the server's `{ code, message }`, or `HOST_REQUEST_FAILED` when the host could not call at all. */
export class SidebarApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(options: { status: number; code: string; message: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = 'SidebarApiError';
    this.status = options.status;
    this.code = options.code;
  }
}

function errorFrom(status: number, body: unknown): SidebarApiError {
  const record = (body && typeof body === 'object' ? body : {}) as { code?: unknown; message?: unknown };
  return new SidebarApiError({
    status,
    code: typeof record.code === 'string' ? record.code : `HTTP_${status}`,
    message: typeof record.message === 'string' ? record.message : `The Threadline API answered ${status}`,
  });
}

/** The sidebar API over a host bridge, one method per endpoint. */
export interface SidebarApi {
  customer(ticketRef: string): Promise<CustomerCard>;
  timeline(ticketRef: string, page?: { cursor?: string | null; limit?: number }): Promise<Timeline>;
  summary(ticketRef: string): Promise<Summary>;
  suggest(ticketRef: string): Promise<Suggestion>;
  rewrite(ticketRef: string, input: RewriteInput): Promise<RewriteResult>;
  escalate(ticketRef: string, input: EscalateInput, idempotencyKey: string): Promise<EscalateResult>;
  feedback(answerId: string, verdict: FeedbackVerdict, details?: { editedText?: string; reason?: string }): Promise<void>;
  ask(question: string): Promise<AskResult>;
  groups(): Promise<Group[]>;
  handoff(ticketRef: string, input: HandoffInput, idempotencyKey: string): Promise<HandoffResult>;
}

/** Page size of the timeline the sidebar shows first. */
export const TIMELINE_PAGE_SIZE = 20;

/**
 * @example
 * const api = createSidebarApi(bridge);
 * const card = await api.customer('35546');
 */
export function createSidebarApi(bridge: HostBridge): SidebarApi {
  async function call<T>(path: string, init?: BridgeRequestInit): Promise<T> {
    let response;
    try {
      response = await bridge.request(path, init);
    } catch (cause) {
      throw new SidebarApiError({ status: 0, code: 'HOST_REQUEST_FAILED', message: `${bridge.hostName} could not reach Threadline`, cause });
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok) throw errorFrom(response.status, body);
    return body as T;
  }
  const ticket = (ref: string) => `/v1/tickets/${encodeURIComponent(ref)}`;

  return {
    customer: (ref) => call(`${ticket(ref)}/customer`),
    timeline: (ref, page = {}) => {
      const query = new URLSearchParams({ order: 'desc', limit: String(page.limit ?? TIMELINE_PAGE_SIZE) });
      if (page.cursor) query.set('cursor', page.cursor);
      return call(`${ticket(ref)}/timeline?${query.toString()}`);
    },
    summary: (ref) => call(`${ticket(ref)}/summary`),
    suggest: (ref) => call(`${ticket(ref)}/suggest`, { method: 'POST', body: {} }),
    rewrite: (ref, input) => call(`${ticket(ref)}/rewrite`, { method: 'POST', body: input }),
    escalate: (ref, input, idempotencyKey) =>
      call(`${ticket(ref)}/escalate`, { method: 'POST', body: input, headers: { 'Idempotency-Key': idempotencyKey } }),
    feedback: async (answerId, verdict, details = {}) => {
      await call(`/v1/answers/${encodeURIComponent(answerId)}/feedback`, { method: 'POST', body: { verdict, ...details } });
    },
    ask: (question) => call('/v1/kb/ask', { method: 'POST', body: { question } }),
    groups: async () => (await call<{ groups: Group[] }>('/v1/groups')).groups,
    handoff: (ref, input, idempotencyKey) => call(`${ticket(ref)}/handoff`, { method: 'POST', body: input, headers: { 'Idempotency-Key': idempotencyKey } }),
  };
}

/** Codes of a write the helpdesk itself refused (a group that no longer exists, a closed ticket). */
const REFUSED_BY_HELPDESK = new Set(['SERVER_WRITEBACK_REFUSED', 'SERVER_HANDOFF_REFUSED']);

/**
 * What the agent should do about a failed call, in words an agent reads: never the helpdesk's own
 * error text. The status and code decide, never the message text (STYLE: errors have names); the
 * code is shown as a reference for the admin.
 */
export function describeError(error: unknown, hostName: string): string {
  if (!(error instanceof SidebarApiError)) return 'Something went wrong in the sidebar. Reload the app; if it keeps happening, tell your Threadline admin.';
  if (error.status === 0) return `Threadline is unreachable. Check the app's service URL setting in ${hostName}, then retry.`;
  if (error.status === 401) return `Threadline did not accept this app's sign-in. Check that the app's tenant and shared secret settings in ${hostName} match your Threadline tenant.`;
  if (REFUSED_BY_HELPDESK.has(error.code)) return `${hostName} did not accept the change (for example a group that no longer exists, or a closed ticket). Check the ticket in ${hostName}, then try again.`;
  if (error.status === 404) return `Threadline cannot find this ticket in ${hostName}. If it is new, save it first, then retry.`;
  if (error.status === 409) return 'Threadline is still reading this ticket. Retry in a moment.';
  if (error.status === 429 || error.status === 503) return `${hostName} is busy right now. Retry in a minute.`;
  if (error.status >= 500) return `Threadline could not get an answer from ${hostName} just now. Retry in a moment; if it keeps happening, tell your Threadline admin (reference ${error.code}).`;
  return `Threadline could not do that (reference ${error.code}). Check what you entered, then try again.`;
}

/**
 * The failure several sections share (the same status and code), to be shown once at the top
 * instead of in each section; null when the sections failed for different reasons or not at all.
 */
export function sharedFailure(errors: readonly unknown[]): SidebarApiError | null {
  const failed = errors.filter((error): error is SidebarApiError => error instanceof SidebarApiError);
  const first = failed[0];
  if (!first || failed.length < 2) return null;
  return failed.filter((error) => error.status === first.status && error.code === first.code).length >= 2 ? first : null;
}
