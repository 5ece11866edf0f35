import type { ReportsApi } from '../api/reports-api.js';

/** The server's API as the pages use it, one part per resource. */
export interface ConsoleApi {
  reports: ReportsApi;
}

/** What every page gets from the shell. */
export interface PageProps {
  api: ConsoleApi;
  /** The query string (`?…`), where a page keeps its filters. */
  search: string;
}
