import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { getQueueJob, listQueueJobs } from '@threadline/platform/queue';
import { errorResponses } from '../../contract/errors.js';
import { JobBody } from '../../contract/jobs.js';
import { ReplayBody, ReplayCompareBody, ReplayCompareRequest, ReplayListBody } from '../../contract/replays.js';
import { authenticateTenant, scopeOf, tenantOf } from '../../plugins/app/api-auth.js';
import { actorOf } from '../../accounts/roles.js';
import { replayQueue } from '../../jobs/queues.js';
import { ServerError } from '../../errors.js';
import { policyInvalid } from '../../agent/policy-errors.js';
import type { ReplayReport } from '../../agent/replay.js';
import { decisionBody } from '../../agent/decision-body.js';
import { compareReplay } from '../../agent/replay-report.js';
import { toJobBody } from '../jobs/job-body.js';
import { toReplayBody, toReplaySummary } from './replay-body.js';

const ReplayParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const replayNotFound = () => new ServerError('SERVER_REPLAY_NOT_FOUND', 'No replay with that id in this tenant');
const COMPARE_NOTE =
  "Decided again with the engine's rules on the replies and passages the replay kept; the model was not asked again. A channel switched between draft and auto would retrieve from other sources live (drafts may use internal ones), which a compare cannot show.";

/** Replays of past solved tickets through the agent: a job whose result is the report. */
export const replayRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);
  const tags = ['replays'];

  app.get(
    '/v1/replays',
    {
      schema: {
        tags,
        summary: 'Past replays, newest first: when, who, how many tickets, and how far they got',
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }, { additionalProperties: false }),
        response: { 200: ReplayListBody, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      // A report holds every ticket's reply; the list shows only how many tickets it covered.
      const jobs = await listQueueJobs(app.db, scopeOf(request), replayQueue, { limit: request.query.limit, resultKeys: ['tickets'] });
      return { replays: jobs.map(toReplaySummary) };
    },
  );

  app.post(
    '/v1/replays',
    {
      schema: {
        tags,
        summary: 'Replay past solved tickets through the agent without writing anything to the helpdesk',
        description:
          'Each solved ticket is answered as if it had just arrived (first customer question, history before it). The job result reports what the agent would have done (reply / draft / escalate), how close its reply is to the human answer, and where knowledge was missing. Poll GET /v1/replays/{id} for progress and the report (or GET /v1/jobs/{id}). Viewers cannot start one.',
        body: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }) }, { additionalProperties: false }),
        response: { 202: JobBody, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const tenant = tenantOf(request);
      const payload = { limit: request.body.limit, requestedBy: actorOf(request.principal) };
      const { job } = await app.jobs.enqueue(replayQueue, { tenantId: tenant.id, payload });
      return reply.status(202).send(toJobBody(job));
    },
  );

  app.get(
    '/v1/replays/:id',
    {
      schema: {
        tags,
        summary: 'One replay: its progress while it runs, then the report',
        description:
          'The report: per ticket, what the agent would have done (action, confidence, citations, reply) beside what the human sent and how close it came; per channel, the share it would have answered on its own, drafted and escalated; and the questions the knowledge base could not answer, grouped by topic.',
        params: ReplayParams,
        response: { 200: ReplayBody, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const job = await getQueueJob(app.db, scopeOf(request), replayQueue, request.params.id);
      if (!job) throw replayNotFound();
      return toReplayBody(job);
    },
  );

  app.post(
    '/v1/replays/:id/compare',
    {
      // Reads only: the replay is decided again in memory, nothing is stored, so viewers may compare.
      config: { isReadOnly: true },
      schema: {
        tags,
        summary: 'What would change under another policy: the same replay decided again, without asking the model again',
        description:
          'The body lays settings over the policy the replay ran under, e.g. { "policy": { "channels": { "chat": { "confidenceThreshold": 0.6 } } } }. The answer gives each channel\'s figures before and after, and the tickets whose action changes. Nothing is stored.',
        params: ReplayParams,
        body: ReplayCompareRequest,
        response: { 200: ReplayCompareBody, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const job = await getQueueJob(app.db, scopeOf(request), replayQueue, request.params.id);
      if (!job) throw replayNotFound();
      const override = request.body.policy;
      if (override.channels?.voice?.mode === 'auto') throw policyInvalid('policy.channels.voice.mode', 'voice tickets are call transcripts and are never answered publicly; use "draft" or "off"');
      if (job.status !== 'succeeded') {
        throw new ServerError('SERVER_REPLAY_NOT_COMPARABLE', `The replay is ${job.status}; only a finished replay can be compared`, { status: job.status });
      }
      const comparison = job.result ? compareReplay(job.result as ReplayReport, override) : null;
      if (!comparison) {
        throw new ServerError('SERVER_REPLAY_NOT_COMPARABLE', 'This replay ran before replays kept what each decision was made from; start a new one to compare', { status: 'not_kept' });
      }
      const changed = comparison.changed.map(({ figure, ...ticket }) => ({ ...ticket, decision: decisionBody({ decision: figure }) }));
      return { ...comparison, changed, note: COMPARE_NOTE };
    },
  );
};
