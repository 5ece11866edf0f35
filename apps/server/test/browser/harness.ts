/**
 * What the browser tests share: the server with both demo helpdesks in-process and listening
 * (so Chromium can reach it), a headless Debian Chromium, sidebar tokens, and the builds.
 */
import type { HelpdeskKind } from '@threadline/vocabulary';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import type { Demo, DemoTenant } from '../../src/demo/demo-plugin.js';
import { findTenantBySlug } from '../../src/tenants/tenants-repository.js';
import { testConfig } from '../helper.js';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const artifactsDir = join(repoRoot, 'test-results', 'sidebar');

export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

export interface Stack {
  app: FastifyInstance;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** The server's data folder (the demo writes its keys and console links to `demo.json` there). */
  dataDir: string;
  demo: Demo;
  tenant(vendor: HelpdeskKind): DemoTenant & { id: string };
  close(): Promise<void>;
}

/**
 * A budget, not a speed check: the demo backfills hundreds of tickets through the sandboxes' real
 * rate limits, which took over 150 s on a two-core machine under load.
 */
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Where the test run keeps what its files share (set by the vitest global setup; removed after the run). */
export const TEST_RUN_DIR_ENV = 'THREADLINE_TEST_RUN_DIR';

/**
 * The server in demo mode (Zendesk and Freshdesk sandboxes on free ports, the two Northwind
 * tenants, their knowledge indexed), no webhook replay, listening on a free port.
 *
 * The demo's first start (the backfill through the sandboxes' rate limits, the help center
 * embedded) is the same for every browser test file and most of its time. The first stack of a
 * test run makes it once in the run's folder; every stack then starts from a copy of that data
 * folder, exactly as a second `pnpm start` reuses `.threadline/` (the demo re-points the
 * connections at the new sandboxes and syncs again).
 * `config` overrides settings (e.g. the fetch allowlist, for a site the test serves on a loopback address).
 */
export async function startStack(options: { config?: Partial<Config> } = {}): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'threadline-browser-'));
  const prepared = await preparedDemo();
  if (prepared) cpSync(prepared, dataDir, { recursive: true });
  return bootStack(dataDir, options.config);
}

/** The run's prepared demo data folder, made by whichever stack asks first; undefined outside a vitest run. */
async function preparedDemo(): Promise<string | undefined> {
  const runDir = process.env[TEST_RUN_DIR_ENV];
  if (!runDir) return undefined;
  const folder = join(runDir, 'demo-data');
  return (await oncePerRun(runDir, 'demo-data', async () => {
    const stack = await bootStack(folder);
    await stack.app.close();
  }))
    ? folder
    : undefined;
}

/**
 * Runs `make` once per test run, whichever test file (worker process) asks first; the others wait
 * for it. True when it was made; false when it failed (the first caller also gets the error).
 */
async function oncePerRun(runDir: string, name: string, make: () => Promise<void>): Promise<boolean> {
  const ready = join(runDir, `${name}.ready`);
  const failed = join(runDir, `${name}.failed`);
  try {
    // mkdir is atomic: one caller makes it, the others wait for its marker.
    mkdirSync(join(runDir, `${name}.lock`));
  } catch {
    await waitFor(name, async () => existsSync(ready) || existsSync(failed));
    return existsSync(ready);
  }
  try {
    await make();
    writeFileSync(ready, '');
    return true;
  } catch (error) {
    writeFileSync(failed, String(error));
    throw error;
  }
}

/**
 * Builds a UI the way `pnpm start` does, once per test run: a second build while another test
 * file's server serves the first would empty its folder under it.
 */
export async function buildUi(name: 'admin' | 'sidebar-ui'): Promise<void> {
  const build = async () => void pnpm(['--filter', `@threadline/${name}`, 'build']);
  const runDir = process.env[TEST_RUN_DIR_ENV];
  if (!runDir) return build();
  if (!(await oncePerRun(runDir, `build-${name}`, build))) throw new Error(`the ${name} build failed in another test file`);
}

export interface BrowserSession {
  stack: Stack;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Requests the page made outside the stack's origin (refused). */
  refused: string[];
  /** Console and page errors of every frame. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * What every browser test file starts with: the UI built, the demo stack, Chromium, and one page in
 * a context that can reach only the stack.
 */
export async function openBrowserSession(options: {
  build: 'admin' | 'sidebar-ui';
  viewport?: { width: number; height: number };
  config?: Partial<Config>;
}): Promise<BrowserSession> {
  await buildUi(options.build);
  const [stack, browser] = await Promise.all([startStack({ ...(options.config ? { config: options.config } : {}) }), launchChromium()]);
  const { context, refused } = await isolatedContext(browser, [stack.baseUrl]);
  const page = await context.newPage();
  if (options.viewport) await page.setViewportSize(options.viewport);
  const errors = collectErrors(page);
  return {
    stack,
    browser,
    context,
    page,
    refused,
    errors,
    close: async () => {
      await context.close();
      await browser.close();
      await stack.close();
    },
  };
}

async function bootStack(dataDir: string, overrides: Partial<Config> = {}): Promise<Stack> {
  const config: Config = Object.freeze({
    ...testConfig(overrides),
    dataDir,
    database: { driver: 'pglite' as const, dataDir: join(dataDir, 'pgdata') },
    demo: Object.freeze({ mode: 'on' as const, zendeskPort: 0, freshdeskPort: 0, streamIntervalMs: 0 }),
  });
  const app = await buildApp(config, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const demo = app.demo;
  if (!demo) throw new Error('demo mode did not start');
  const tenants = new Map<string, DemoTenant & { id: string }>();
  for (const tenant of demo.tenants) {
    const found = await findTenantBySlug(app.db, tenant.slug);
    if (!found) throw new Error(`no demo tenant ${tenant.slug}`);
    tenants.set(tenant.vendor, { ...tenant, id: found.id });
  }
  // Deterministic starting point: the backfill and the knowledge index are done.
  await waitFor('the demo backfill and knowledge sync', async () => {
    const { rows } = await app.db.query<{ busy: number }>(
      `select count(*) as busy from queue_jobs where status in ('queued', 'running')`,
    );
    if (Number(rows[0]?.busy ?? 1) > 0) return false;
    for (const tenant of tenants.values()) {
      const sources = await app.kb.sources.list({ tenantId: tenant.id });
      if (sources.length === 0 || sources.some((source) => source.status !== 'ready')) return false;
    }
    return true;
  });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    demo,
    tenant: (vendor) => tenants.get(vendor)!,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A sidebar token as the helpdesk proxies sign it (HS256 with the tenant's sidebar secret). */
export async function sidebarToken(input: { tenant: string; secret: string; agentId?: string; audience?: string; expiresIn?: string }): Promise<string> {
  return new SignJWT({ name: 'Alex Agent', email: 'alex@northwind.test' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(input.tenant)
    .setAudience(input.audience ?? 'threadline')
    .setSubject(input.agentId ?? 'agent-1')
    .setIssuedAt()
    .setExpirationTime(input.expiresIn ?? '10m')
    .sign(new TextEncoder().encode(input.secret));
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Debian's Chromium is missing at ${CHROMIUM_PATH}: run "apt-get install -y chromium" (never "playwright install")`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * A browser context in which only the given origins answer: everything else (CDNs, fonts,
 * analytics) is refused and recorded, so a test can assert the sidebar needs no outside network.
 */
export async function isolatedContext(browser: Browser, allowedOrigins: string[]): Promise<{ context: BrowserContext; refused: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 1400 } });
  const refused: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (allowedOrigins.some((origin) => url.startsWith(origin)) || url.startsWith('data:') || url.startsWith('blob:')) return route.fallback();
    refused.push(url);
    return route.abort('blockedbyclient');
  });
  return { context, refused };
}

/** Runs a workspace script the way a developer does (the builds are shell commands, not imports). */
export function pnpm(args: string[]): string {
  return execFileSync('npx', ['--yes', 'pnpm@10.34.9', ...args], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
}

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean; dir?: string } = {}): Promise<string> {
  const dir = options.dir ?? artifactsDir;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  // Clicking inside a frame scrolls it; show every frame from its top.
  for (const frame of page.frames()) await frame.evaluate(() => window.scrollTo(0, 0)).catch(() => {});
  const viewport = page.viewportSize();
  if ((options.fullPage ?? true) && viewport) {
    // A full-page capture does not paint cross-origin frames below the viewport: grow the viewport instead.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: viewport.width, height: Math.max(height, viewport.height) });
    await page.screenshot({ path });
    await page.setViewportSize(viewport);
  } else {
    await page.screenshot({ path });
  }
  return path;
}

/**
 * The app's frame alone, at the width the helpdesk gives it, scrolled so `target` is in view: what
 * an agent sees in the sidebar after an action further down than the frame's height.
 */
export async function screenshotFrame(page: Page, frameSelector: string, name: string, target: Locator): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await target.scrollIntoViewIfNeeded();
  await page.locator(frameSelector).screenshot({ path });
  return path;
}

/** Collects console errors and page errors of every frame, to fail on any. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** Where the console's screenshots land, for people to look at (git-ignored). */
export const consoleShotsDir = join(repoRoot, 'test-results', 'admin');

/**
 * What makes the page scroll sideways: the elements that reach past its width, outside the tables'
 * own scrollers, each as `tag.class` and its right edge. Empty when the page fits its width.
 */
export const sidewaysOverflow = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    // A table scroller clips what is laid out in it, but not an absolutely placed descendant whose containing block is outside it.
    const isClipped = (element: Element) => element.closest('.table-scroll') !== null && !['absolute', 'fixed'].includes(getComputedStyle(element).position);
    const culprits = [...document.querySelectorAll('body *')]
      .filter((element) => element.getBoundingClientRect().right > width + 1 && !isClipped(element))
      .map((element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} → ${Math.round(element.getBoundingClientRect().right)}px`);
    return culprits.length > 0 ? culprits.slice(0, 10) : [`the page is ${document.documentElement.scrollWidth}px wide, the window ${width}px`];
  });

