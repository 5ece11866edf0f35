/**
 * The only thing the sidebar UI talks to. Each helpdesk has its own implementation
 * (`bridges/zaf-bridge.ts`, `bridges/fdk-bridge.ts`, `bridges/dev-bridge.ts`); the UI never
 * knows which one it runs in.
 */

/** The ticket open in the helpdesk, as the host reports it. */
export interface HostTicket {
  /** The helpdesk's own ticket id: the `:ref` of the sidebar API. */
  id: string;
  subject?: string;
  requester?: { name?: string; email?: string };
}

export interface BridgeRequestInit {
  method?: 'GET' | 'POST';
  /** Sent as JSON. */
  body?: unknown;
  /** Extra headers the API understands (only `Idempotency-Key` today). */
  headers?: Record<string, string>;
}

/** Just enough of `Response` for the API client; `fetch`'s own Response satisfies it. */
export interface BridgeResponse {
  status: number;
  ok: boolean;
  json(): Promise<unknown>;
}

export type NotifyKind = 'success' | 'error' | 'info';

/**
 * The host's capabilities.
 *
 * @example
 * const bridge = await createDevBridge();
 * const ticket = await bridge.getTicket();
 * const response = await bridge.request(`/v1/tickets/${ticket.id}/summary`);
 */
export interface HostBridge {
  /** Which host this is, for wording only ("Zendesk", "Freshdesk"). */
  readonly hostName: string;
  getTicket(): Promise<HostTicket>;
  /**
   * Calls the Threadline API at `path` (e.g. `/v1/kb/ask`) through the host's secure proxy,
   * which adds `Authorization: Bearer <signed token>`. Resolves for every HTTP status; rejects
   * only when the host could not make the call at all.
   */
  request(path: string, init?: BridgeRequestInit): Promise<BridgeResponse>;
  /** Appends text to the agent's reply editor without sending it. */
  insertIntoEditor(text: string): Promise<void>;
  /** A host-native toast, where the host has one. */
  notify(kind: NotifyKind, message: string): void;
  /** Called when the agent moves to another ticket in the same sidebar instance. */
  onTicketChanged?(callback: (ticket: HostTicket) => void): void;
}

/** A response built from a status and an already-parsed body (for hosts that parse for us). */
export function jsonResponse(status: number, body: unknown): BridgeResponse {
  return { status, ok: status >= 200 && status < 300, json: async () => body };
}

/** Parses a JSON text body; a non-JSON body becomes `{ message: text }` so errors stay readable. */
export function parseBody(text: string | undefined | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { message: text };
  }
}
