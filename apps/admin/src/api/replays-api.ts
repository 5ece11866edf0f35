import type { ReplayBody, ReplayCompareBody, ReplayCompareRequest, ReplayListBody } from '@threadline/server/contract';
import type { ApiClient } from './client.js';

export type Replay = ReplayBody;
export type ReplayReport = NonNullable<ReplayBody['report']>;
export type ReplayTicket = ReplayReport['tickets'][number];
export type ReplayGap = ReplayReport['gaps'][number];
export type ReplayFigures = ReplayReport['totals'];
export type ReplayList = ReplayListBody;
export type ReplayComparison = ReplayCompareBody;
export type PolicyOverride = ReplayCompareRequest['policy'];

/** Replays of past solved tickets: start one, follow it, read its report, compare it under another policy. */
export interface ReplaysApi {
  list(limit?: number): Promise<ReplayList>;
  /** Starts a replay of the last `limit` solved tickets; its id is the job's. */
  start(limit: number): Promise<{ id: string }>;
  get(id: string): Promise<Replay>;
  compare(id: string, policy: PolicyOverride): Promise<ReplayComparison>;
}

export function createReplaysApi(client: ApiClient): ReplaysApi {
  return {
    list: (limit = 10) => client.json('/v1/replays', { limit }),
    start: (limit) => client.write('POST', '/v1/replays', { limit }),
    get: (id) => client.json(`/v1/replays/${encodeURIComponent(id)}`),
    compare: (id, policy) => client.write('POST', `/v1/replays/${encodeURIComponent(id)}/compare`, { policy }),
  };
}
