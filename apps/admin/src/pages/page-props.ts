import type { ReportsApi } from '../api/reports-api.js';
import type { PeopleApi } from '../api/people-api.js';
import type { PolicyApi } from '../api/policy-api.js';
import type { KnowledgeApi } from '../api/knowledge-api.js';
import type { ReplaysApi } from '../api/replays-api.js';
import type { Who } from '../api/account-types.js';
import type { ConnectionApi } from '../api/connection-api.js';
import type { ActivityApi } from '../api/activity-api.js';

/** The server's API as the pages use it, one part per resource. */
export interface ConsoleApi {
  reports: ReportsApi;
  people: PeopleApi;
  policy: PolicyApi;
  knowledge: KnowledgeApi;
  replays: ReplaysApi;
  connection: ConnectionApi;
  activity: ActivityApi;
  /** Who is signed in: pages offer only what this role may do (the server checks it anyway). */
  who: Who;
}

/** What every page gets from the shell. */
export interface PageProps {
  api: ConsoleApi;
  /** The query string (`?…`), where a page keeps its filters. */
  search: string;
}
