import type { AnswerBody, JobBody } from '@threadline/server/contract';
import type { ApiClient } from './client.js';

export type Answer = AnswerBody;
export type Job = JobBody;
export type JobStatus = Job['status'];

/** What the activity page filters answers by; dates are `YYYY-MM-DD` in the browser's time zone. */
export interface AnswerQuery {
  channel?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** What the agent did (answers) and the background work behind it (jobs, dead letters). */
export interface ActivityApi {
  /** A page of answers, newest first; `cursor` (a page's `nextCursor`) asks for the page after it. */
  answers(query: AnswerQuery, cursor?: string): Promise<{ answers: Answer[]; nextCursor: string | null }>;
  jobs(status: JobStatus | ''): Promise<{ jobs: Job[] }>;
  retryJob(id: string): Promise<Job>;
}

/** The start of a local calendar day as an instant; `to` days are inclusive, so the next day's start. */
export function dayStart(date: string, addDays = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays).toISOString();
}

export function createActivityApi(client: ApiClient): ActivityApi {
  return {
    answers: (query, cursor) =>
      client.json('/v1/answers', {
        channel: query.channel,
        action: query.action,
        from: query.from ? dayStart(query.from) : undefined,
        to: query.to ? dayStart(query.to, 1) : undefined,
        limit: 100,
        cursor,
      }),
    jobs: (status) => client.json('/v1/jobs', { status: status || undefined, limit: 100 }),
    retryJob: (id) => client.write('POST', `/v1/jobs/${encodeURIComponent(id)}/retry`),
  };
}
