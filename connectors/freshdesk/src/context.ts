import type { HttpClient } from '@threadline/connector-core/http';
import type { AccountInfo } from './account-info.js';
import type { TicketMemo } from './ticket-memo.js';

/** What the connector's parts share: one HTTP client, the account facts and the ticket memo. */
export interface FreshdeskContext {
  client: HttpClient;
  /** `${baseUrl}/api/v2` */
  apiBaseUrl: string;
  /** The helpdesk's own URL, for agent and portal links. */
  baseUrl: string;
  /** `per_page` for list endpoints that take it (Freshdesk allows 1–100). */
  pageSize: number;
  /** Lists fetched at once when many are needed (threads, folders); the client bounds requests too. */
  concurrency: number;
  account: AccountInfo;
  memo: TicketMemo;
}
