import { HELPDESK_LABELS, type HelpdeskKind } from '@threadline/vocabulary';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { startSandbox as startZendeskSandbox, type ZendeskSandbox } from '@threadline/zendesk/sandbox';
import { startSandbox as startFreshdeskSandbox, type FreshdeskSandbox } from '@threadline/freshdesk/sandbox';
import { tenantScope } from '@threadline/platform';
import { createDemoDataset } from '@threadline/connector-core/demo';
import type { Config } from '../config.js';
import { createApiKey, findTenantBySlug, getHelpdeskConnection, listTenants, saveHelpdeskConnection, setAnswerMessagesSince, type HelpdeskCredentials } from '../tenants/tenants-repository.js';
import { provisionTenant } from '../tenants/provision-tenant.js';
import { helpdeskSyncQueue, knowledgeSyncQueue } from '../jobs/queues.js';
import { getPolicy, savePolicy, DEFAULT_POLICY } from '../agent/policy-repository.js';
import { startDemoStream } from './demo-stream.js';
import { addToKeysFile, consoleOrigin, demoOwnerEmail, writeConsoleLinks } from './console-links.js';
import { ownerSignInLink } from '../accounts/console-accounts.js';
import { SIGN_IN_LINK_TTL_MS } from '../accounts/invites-repository.js';
import { ServerError } from '../errors.js';

/** How far back the demo world's closed history reaches. */
const DEMO_HISTORY_WEEKS = 10;

import { DEMO_TENANTS, hasOnlyDemoTenants } from './demo-tenants.js';

export { DEMO_TENANTS };

export interface DemoTenant {
  slug: string;
  vendor: HelpdeskKind;
  apiKey: string;
  /** Signs the sidebar apps' tokens. */
  sidebarSecret: string;
  helpdeskUrl: string;
}

export interface Demo {
  zendesk: ZendeskSandbox;
  freshdesk: FreshdeskSandbox;
  tenants: DemoTenant[];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The running demo (sandboxes and demo tenants), when demo mode is on. */
    demo: Demo | null;
  }
}

/** Resolves true once the demo tenants' knowledge syncs have all ended (false after 5 minutes, or once the server is closing). */
async function waitForIndexing(app: FastifyInstance, slugs: string[], isClosing: () => boolean): Promise<boolean> {
  for (let waited = 0; waited < 300_000; waited += 500) {
    // The database closes with the server; a poll after that would fail for no reason.
    if (isClosing()) return false;
    const { rows } = await app.db.query<{ n: number }>(
      `select count(*) as n from queue_jobs j join tenants t on t.id = j.tenant_id where t.slug = any($1::text[]) and j.queue = $2 and j.status in ('queued', 'running')`,
      [slugs, knowledgeSyncQueue.name],
    );
    if ((rows[0]?.n ?? 0) === 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  app.log.warn('demo: the help center is still indexing after 5 minutes; not replaying tickets');
  return false;
}

/**
 * Gives a demo tenant what a real admin would set up: a policy that shows all three outcomes
 * (auto-replies on chat and messaging, drafts on email, escalations to the Escalations group) and
 * the help center and macros as knowledge sources, synced now.
 */
async function prepareDemoTenant(app: FastifyInstance, tenantId: string, escalationGroupId: string, isNew: boolean): Promise<void> {
  const policy = await getPolicy(app.db, tenantId);
  if (isNew || policy === DEFAULT_POLICY) {
    await savePolicy(app.db, tenantId, {
      ...DEFAULT_POLICY,
      mode: 'auto',
      confidenceThreshold: 0.55,
      channelOverrides: { voice: { mode: 'draft' }, email: { mode: 'draft' }, web_form: { mode: 'draft' } },
      escalationGroupId,
      agentName: 'Alex',
      companyName: 'Northwind Outfitters',
    });
  }
  const sources = await app.kb.sources.list({ tenantId });
  const wanted = [
    { kind: 'helpdesk_articles' as const, name: 'Help center' },
    { kind: 'macros' as const, name: 'Macros' },
  ];
  for (const source of wanted) {
    const existing = sources.find((candidate) => candidate.kind === source.kind);
    const stored = existing ?? (await app.kb.sources.create({ tenantId, kind: source.kind, name: source.name }));
    if (!existing) await app.kb.syncs.enqueue({ tenantId, sourceId: stored.id });
  }
}

/** Re-points a tenant's mirrored ticket links from one helpdesk address to another. */
async function moveTicketLinks(db: FastifyInstance['db'], tenantId: string, from: string, to: string): Promise<void> {
  await db.query(`update tickets set url = $3 || substr(url, length($2) + 1) where tenant_id = $1 and starts_with(url, $2)`, [tenantId, from, to]);
}

async function startOnPort<T>(name: string, port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ServerError(
        'SERVER_DEMO_PORT_IN_USE',
        `The ${name} demo helpdesk cannot listen on port ${port}: it is in use. Stop what uses it, or set ${name.toUpperCase()}_SANDBOX_PORT to a free port`,
        {},
        error,
      );
    }
    throw error;
  }
}

/**
 * Demo mode: with no helpdesk of their own, a newcomer gets two working helpdesks (the Zendesk and
 * Freshdesk sandboxes, seeded with the Northwind Outfitters world) and a tenant connected to each,
 * backfilled on start. The tenants' API keys, and the admin console links that sign in with them,
 * are written to `<data dir>/demo.json`, not to the log.
 */
export const demoPlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    if (config.demo.mode === 'off') {
      app.decorate('demo', null);
      return;
    }
    const tenants = await listTenants(app.db);
    if (config.demo.mode === 'auto' && !hasOnlyDemoTenants(tenants)) {
      app.decorate('demo', null);
      return;
    }

    // Ten weeks of history behind the live tickets, so the reports show real shapes; both helpdesks
    // hold the same world, generated once (deterministically) for both.
    const dataset = createDemoDataset({ historyWeeks: DEMO_HISTORY_WEEKS });
    const zendesk = await startOnPort('zendesk', config.demo.zendeskPort, () =>
      // Real plans' budgets, so the demo shows the connectors pacing themselves as they would on a real account.
      startZendeskSandbox({ port: config.demo.zendeskPort, plan: 'suite-professional', dataset }),
    );
    const freshdesk = await startOnPort('freshdesk', config.demo.freshdeskPort, () =>
      startFreshdeskSandbox({ port: config.demo.freshdeskPort, plan: 'pro', webhookSecret: 'northwind-freshdesk-automation-secret', dataset }),
    );
    app.addHook('onClose', async () => {
      await Promise.all([zendesk.close(), freshdesk.close()]);
    });

    const keysPath = join(config.dataDir, 'demo.json');
    const saved: Record<string, { apiKey?: string }> = existsSync(keysPath) ? (JSON.parse(readFileSync(keysPath, 'utf8')) as Record<string, { apiKey?: string }>) : {};
    const connections: Array<{ vendor: HelpdeskKind; url: string; credentials: HelpdeskCredentials; webhookSecret: string }> = [
      { vendor: 'zendesk', url: zendesk.url, credentials: { kind: 'zendesk', auth: zendesk.credentials.auth as Extract<HelpdeskCredentials, { kind: 'zendesk' }>['auth'] }, webhookSecret: zendesk.webhook.secret },
      { vendor: 'freshdesk', url: freshdesk.url, credentials: { kind: 'freshdesk', auth: { apiKey: freshdesk.credentials.apiKey } }, webhookSecret: freshdesk.webhookSecret },
    ];
    const demoTenants: DemoTenant[] = [];
    for (const connection of connections) {
      const slug = DEMO_TENANTS[connection.vendor];
      const existing = await findTenantBySlug(app.db, slug);
      let apiKey = saved[slug]?.apiKey;
      let sidebarSecret: string;
      if (!existing) {
        const created = await provisionTenant(app.db, app.secrets, {
          slug,
          name: `Northwind Outfitters (${HELPDESK_LABELS[connection.vendor]} demo)`,
          baseUrl: connection.url,
          credentials: connection.credentials,
          webhookSecret: connection.webhookSecret,
        });
        apiKey = created.apiKey;
        sidebarSecret = created.sidebarSecret;
      } else {
        // The sandboxes may listen elsewhere than last time; keep the connection pointing at them,
        // and the mirrored tickets' links too (a real helpdesk keeps its address, so only the demo moves).
        const before = await getHelpdeskConnection(app.db, app.secrets, existing.id);
        if (before && before.baseUrl !== connection.url) await moveTicketLinks(app.db, existing.id, before.baseUrl, connection.url);
        ({ sidebarSecret } = await saveHelpdeskConnection(app.db, app.secrets, {
          tenantId: existing.id,
          baseUrl: connection.url,
          credentials: connection.credentials,
          webhookSecret: connection.webhookSecret,
        }));
        if (!apiKey) apiKey = await createApiKey(app.db, existing.id, 'demo');
      }
      demoTenants.push({ slug, vendor: connection.vendor, apiKey: apiKey as string, sidebarSecret, helpdeskUrl: connection.url });
      const tenant = (await findTenantBySlug(app.db, slug))!;
      // The demo replays its seeded waiting tickets as live webhooks, so they are not history.
      await setAnswerMessagesSince(app.db, tenant.id, new Date(0));
      await prepareDemoTenant(app, tenant.id, connection.vendor === 'zendesk' ? zendesk.ids.group('escalations') : freshdesk.ids.group('escalations'), !existing);
    }
    mkdirSync(config.dataDir, { recursive: true });
    const keys = Object.fromEntries(demoTenants.map((tenant) => [tenant.slug, { apiKey: tenant.apiKey, sidebarSecret: tenant.sidebarSecret, helpdeskUrl: tenant.helpdeskUrl }]));
    writeFileSync(keysPath, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });

    app.decorate('demo', { zendesk, freshdesk, tenants: demoTenants } satisfies Demo);

    app.addHook('onListen', async () => {
      const address = app.server.address();
      if (!address || typeof address !== 'object') return;
      const origin = consoleOrigin(address);
      writeConsoleLinks({ keysPath, origin, tenants: demoTenants });
      // A fresh one-time link per start, as the workspace's owner. It signs in whoever opens it first,
      // so it goes to the keys file (mode 0600), never to the log, which may be shipped elsewhere.
      const signInUrls: Record<string, string> = {};
      for (const tenant of demoTenants) {
        const found = await findTenantBySlug(app.db, tenant.slug);
        if (found) signInUrls[tenant.slug] = `${origin}${await ownerSignInLink(app.db, tenantScope(found.id), { email: demoOwnerEmail(tenant.slug), invitedBy: 'demo' })}`;
      }
      addToKeysFile(keysPath, 'signInUrl', signInUrls);
      app.log.info(
        { console: `${origin}/`, signInLinks: keysPath, validForHours: SIGN_IN_LINK_TTL_MS / 3_600_000 },
        `demo mode: sign in to the admin console as a workspace owner with its one-time link, signInUrl in the keys file (node -p "require('${keysPath}')['${DEMO_TENANTS.zendesk}'].signInUrl"); each start writes new ones`,
      );
    });

    const demoSlugs: string[] = Object.values(DEMO_TENANTS);
    let stopStream = (): void => {};
    let isClosing = false;
    app.addHook('onListen', async () => {
      const { rows } = await app.db.query<{ n: number }>(`select count(*) as n from answers a join tenants t on t.id = a.tenant_id where t.slug = any($1::text[])`, [demoSlugs]);
      // Replay the incoming tickets once, on the first start; later starts keep what was written.
      if ((rows[0]?.n ?? 0) > 0 || config.demo.streamIntervalMs <= 0) return;
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.server.port;
      // Tickets answered before the help center is indexed would all escalate for want of knowledge.
      void waitForIndexing(app, demoSlugs, () => isClosing).then((isReady) => {
        if (!isReady || isClosing) return;
        stopStream = startDemoStream({
          app,
          serverUrl: `http://127.0.0.1:${port}`,
          tenants: demoTenants,
          send: {
            zendesk: { dataset: zendesk.dataset, ticketId: zendesk.ids.ticket, sendWebhook: (url, id) => zendesk.sendWebhook(url, id, 'ticket.created') },
            freshdesk: { dataset: freshdesk.dataset, ticketId: freshdesk.ids.ticket, sendWebhook: (url, id) => freshdesk.sendWebhook(url, id) },
          },
          intervalMs: config.demo.streamIntervalMs,
          limit: 8,
        });
      }, (error: unknown) => {
        // A poll the shutdown cut short is no failure; anything else is logged, never left unhandled.
        if (!isClosing) app.log.error({ err: error }, 'demo: could not tell whether the help center is indexed; not replaying tickets');
      });
    });
    app.addHook('preClose', async () => {
      isClosing = true;
      stopStream();
    });

    app.addHook('onReady', async () => {
      for (const tenant of demoTenants) {
        const found = await findTenantBySlug(app.db, tenant.slug);
        if (found) await app.jobs.enqueue(helpdeskSyncQueue, { tenantId: found.id, payload: { reason: 'demo start' } });
      }
      app.log.info(
        {
          zendesk: zendesk.url,
          freshdesk: freshdesk.url,
          tenants: demoTenants.map((tenant) => tenant.slug),
          apiKeys: keysPath,
        },
        'demo mode: two sandbox helpdesks with the Northwind Outfitters world; API keys are in the apiKeys file',
      );
    });
  },
  { name: 'demo', dependencies: ['services', 'kb', 'jobs'] },
);
