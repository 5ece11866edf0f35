import { parseArgs } from 'node:util';
import { answerDecisionWords, type DecisionFigure } from '@threadline/vocabulary';
import { createApiClient } from './api-client.js';
import { ServerError } from '../errors.js';

export interface ReplayResult {
  tickets: number;
  actions: { reply: number; draft: number; escalate: number };
  meanOverlap: number;
  citationRate: number;
  knowledgeGaps: number;
  items: Array<{ ticketExternalId: string; subject: string; channel: string; action: string; confidence: number; figure?: DecisionFigure; overlap: number; lackedKnowledge: boolean }>;
}

interface ReplayJob {
  id: string;
  status: string;
  lastError: string | null;
  result: ReplayResult | null;
}

const percent = (value: number, total: number) => (total ? `${Math.round((value / total) * 100)}%` : '–');

/** Word overlap with the human's reply as the console's Test page shows it: a percent, one decimal under 10%. */
function similarity(overlap: number): string {
  const value = overlap * 100;
  return `${value !== 0 && value < 10 ? value.toFixed(1) : Math.round(value)}%`;
}

/**
 * The report as the terminal shows it: the totals, then one line per ticket with its figures named
 * as on the Test page ("confidence 39% · replies from 55% · similarity 3.8%").
 */
export function replayReportText(report: ReplayResult): string {
  const { actions, tickets } = report;
  return [
    `tickets replayed      ${tickets}`,
    `would reply           ${actions.reply} (${percent(actions.reply, tickets)})`,
    `would draft           ${actions.draft} (${percent(actions.draft, tickets)})`,
    `would escalate        ${actions.escalate} (${percent(actions.escalate, tickets)})`,
    `cited a source        ${percent(Math.round(report.citationRate * tickets), tickets)}`,
    `similarity to human   ${similarity(report.meanOverlap)} (mean word F1)`,
    `knowledge gaps        ${report.knowledgeGaps}`,
    '',
    ...report.items.map(
      (item) =>
        `${item.action.padEnd(9)} ${item.channel.padEnd(15)} #${item.ticketExternalId} ${item.subject}${item.lackedKnowledge ? '  [gap]' : ''}  (${answerDecisionWords({ confidence: item.confidence, decision: item.figure })} · similarity ${similarity(item.overlap)})`,
    ),
    '',
  ].join('\n');
}

/** `threadline replay`: what the agent would have done on past solved tickets, written nowhere. */
export async function runReplayCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { limit: { type: 'string' }, url: { type: 'string' }, 'api-key': { type: 'string' }, tenant: { type: 'string' }, json: { type: 'boolean' } },
  });
  const limit = Number(values.limit ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new ServerError('SERVER_CLI_USAGE', '--limit must be a whole number from 1 to 1000');
  }
  const api = createApiClient({
    ...(values.url ? { url: values.url } : {}),
    ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
    ...(values.tenant ? { tenant: values.tenant } : {}),
  });
  let job = await api.request<ReplayJob>('POST', '/v1/replays', { limit });
  process.stderr.write(`replaying up to ${limit} solved tickets (nothing is written to the helpdesk)…\n`);
  while (job.status === 'queued' || job.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 500));
    job = await api.request<ReplayJob>('GET', `/v1/jobs/${job.id}`);
  }
  if (job.status !== 'succeeded' || !job.result) throw new ServerError('SERVER_CLI_REPLAY_FAILED', `replay failed: ${job.lastError ?? 'no reason given'}`);
  const report = job.result;
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(replayReportText(report));
  return 0;
}
