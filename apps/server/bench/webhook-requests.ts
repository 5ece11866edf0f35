/**
 * Helpdesk requests per answered webhook event: the server in this process, the Zendesk sandbox
 * (unlimited, so pacing never hides a request), one signed webhook at a time, counted at the sandbox
 * from the delivery until the job is done (mirror refresh → answer → write-back).
 *
 *   (1) a draft for a customer seen for the first time (their whole history is pulled);
 *   (2) a draft on the same ticket after the customer writes again (the customer is known);
 *   (3) an escalation (group, priority, tags and note) for another new customer.
 *
 * The answer path is the offline one (no model key), so only helpdesk requests are counted.
 *
 *   npx tsx apps/server/bench/webhook-requests.ts [--json]
 */
import { startSandbox } from '@threadline/zendesk/sandbox';
import { DEFAULT_POLICY, savePolicy } from '../src/agent/policy-repository.js';
import { buildApp } from '../src/app.js';
import { agentTenant, customerWrites, deliver } from '../test/agent-fixtures.js';
import { testConfig } from '../test/helper.js';

interface EventCount {
  name: string;
  action: string;
  requests: number;
  writes: number;
  /** `METHOD /path` (ids as `{id}`) → count. */
  byEndpoint: Record<string, number>;
}

const sandbox = await startSandbox({ rateLimitPerMinute: null });
const app = await buildApp(testConfig(), { logger: false });
try {
  await app.ready();
  const tenant = await agentTenant(app, sandbox, { mode: 'draft' });
  const count = async (name: string, ticketKey: string, before?: () => Promise<void>): Promise<EventCount> => {
    await before?.();
    sandbox.requests.length = 0;
    const job = await deliver(app, sandbox, tenant, ticketKey);
    if (job.status !== 'succeeded') throw new Error(`${name}: the job ended ${job.status}: ${job.lastError ?? ''}`);
    const byEndpoint: Record<string, number> = {};
    for (const request of sandbox.requests) {
      const key = `${request.method} ${request.path.replace(/\/\d+/g, '/{id}')}`;
      byEndpoint[key] = (byEndpoint[key] ?? 0) + 1;
    }
    return { name, action: String(job.result.action ?? ''), requests: sandbox.requests.length, writes: sandbox.requests.filter((request) => request.method !== 'GET').length, byEndpoint };
  };
  const events: EventCount[] = [];
  events.push(await count('draft, customer seen for the first time', 'jane-chat', () => customerWrites(sandbox, 'jane-chat', 'jane-cooper', 'Is there any news on my tent?')));
  events.push(await count('draft, customer known', 'jane-chat', () => customerWrites(sandbox, 'jane-chat', 'jane-cooper', 'And how long does standard shipping take?')));
  await savePolicy(app.db, tenant.tenantId, { ...DEFAULT_POLICY, mode: 'auto', escalationGroupId: sandbox.ids.group('escalations'), agentName: 'Alex', companyName: 'Northwind Outfitters' });
  events.push(await count('escalation, new customer', 'lucia-whatsapp'));

  console.log('\nHelpdesk requests per answered webhook event (Zendesk sandbox, offline answer path)\n');
  for (const event of events) {
    console.log(`${event.name} (${event.action}): ${event.requests} requests, ${event.writes} write(s)`);
    for (const [endpoint, n] of Object.entries(event.byEndpoint).sort((a, b) => b[1] - a[1])) console.log(`    ${String(n).padStart(3)}  ${endpoint}`);
  }
  if (process.argv.includes('--json')) console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'webhook-requests', events })}`);
} finally {
  await app.close();
  await sandbox.close();
}
