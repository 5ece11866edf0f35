import type { JobStatus } from '../../api/activity-api.js';

export type ActivityTab = 'answers' | 'jobs';

/** The activity page's state, kept in the query string so a view can be bookmarked. */
export interface ActivityFilters {
  tab: ActivityTab;
  channel: string;
  action: string;
  /** `YYYY-MM-DD`, both ends included; empty: open. */
  from: string;
  to: string;
  status: JobStatus | '';
}

const ACTIONS = new Set(['draft', 'reply', 'escalate']);
const STATUSES = new Set(['queued', 'running', 'succeeded', 'failed']);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function filtersFromSearch(search: string): ActivityFilters {
  const params = new URLSearchParams(search);
  const text = (name: string, valid: (value: string) => boolean) => {
    const value = params.get(name) ?? '';
    return valid(value) ? value : '';
  };
  return {
    tab: params.get('tab') === 'jobs' ? 'jobs' : 'answers',
    channel: text('channel', (value) => /^[a-z_]{1,40}$/.test(value)),
    action: text('action', (value) => ACTIONS.has(value)),
    from: text('from', (value) => DATE.test(value)),
    to: text('to', (value) => DATE.test(value)),
    status: text('status', (value) => STATUSES.has(value)) as JobStatus | '',
  };
}

/** `?tab=…&…` with only what is set (the answers tab is the default). */
export function searchFromFilters(filters: ActivityFilters): string {
  const params = new URLSearchParams();
  if (filters.tab === 'jobs') params.set('tab', 'jobs');
  for (const name of ['channel', 'action', 'from', 'to', 'status'] as const) if (filters[name]) params.set(name, filters[name]);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Why the date range cannot be used, or null. */
export function rangeProblem(filters: Pick<ActivityFilters, 'from' | 'to'>): string | null {
  return filters.from && filters.to && filters.from > filters.to ? 'The start date is after the end date.' : null;
}
