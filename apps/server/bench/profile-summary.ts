/**
 * Where the CPU of a `.cpuprofile` went: self time summed by function and by area (our packages,
 * PGlite's WebAssembly Postgres, the garbage collector, Fastify, pino, undici…), and total time by
 * function along the call tree (what a step costs with all it calls), per event when told how many
 * events the profile covers. Self time, not wall clock: on a shared machine the wall
 * clock measures the neighbours too.
 *
 *   npx tsx apps/server/bench/profile-summary.ts <file.cpuprofile> [--events 200] [--top 25]
 *
 * The pipeline bench writes such a file for its load window with `--cpu-profile <file>`
 * (`node --cpu-prof` works too, but also covers start-up and the knowledge ingestion).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** The part of the V8 `.cpuprofile` format read here (Chrome DevTools protocol `Profiler.Profile`). */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface SelfTime {
  name: string;
  ms: number;
}

export interface ProfileSummary {
  /** Sampled time in ms, idle included. */
  totalMs: number;
  idleMs: number;
  /** Sampled time the thread was not idle. */
  busyMs: number;
  functions: SelfTime[];
  /**
   * Total time by function: its own and its callees', each sample counted once per function (a
   * recursive call is not counted twice). Synchronous calls only: work an `await` resumes starts a
   * new stack, so it counts under the microtask that ran it, not under the caller that awaited.
   */
  totals: SelfTime[];
  areas: SelfTime[];
}

/** Areas are matched in order; the first that matches names the frame. */
const AREAS: ReadonlyArray<readonly [string, (url: string, name: string) => boolean]> = [
  ['idle', (url, name) => name === '(idle)'],
  ['garbage collector', (url, name) => name === '(garbage collector)'],
  ['PGlite (WebAssembly Postgres)', (url) => url.startsWith('wasm://') || url.includes('@electric-sql/pglite')],
  ['pino (logging)', (url) => url.includes('/pino')],
  ['fastify + ajv + typebox', (url) => /\/(fastify|@fastify|avvio|find-my-way|light-my-request|ajv|fast-json-stringify|typebox)/.test(url)],
  ['undici / fetch', (url) => url.includes('undici') || url.includes('internal/deps/undici')],
  ['node http / net / streams', (url) => /^node:(internal\/)?(http|_http|net|stream|internal\/streams|webstreams|internal\/webstreams)/.test(url)],
  ['node (other built-ins)', (url) => url.startsWith('node:')],
  ['connectors', (url) => url.includes('/connectors/')],
  ['knowledge', (url) => url.includes('/knowledge/')],
  ['server (apps/server)', (url) => url.includes('/apps/server/')],
  ['platform', (url) => url.includes('/packages/platform/')],
  ['other npm packages', (url) => url.includes('/node_modules/')],
  ['(program) / native', () => true],
];

function areaOf(url: string, name: string): string {
  return (AREAS.find(([, matches]) => matches(url, name)) as (typeof AREAS)[number])[0];
}

/** A frame's name: function, then the file from the repository (or package) root, then its line. */
function frameName(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const file = frame.url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/^.*?\/(apps|connectors|knowledge|packages|eval)\//, '$1/');
  return `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
}

const sorted = (totals: Map<string, number>): SelfTime[] => [...totals].map(([name, us]) => ({ name, ms: us / 1000 })).sort((a, b) => b.ms - a.ms);

/** Sums self time by function and by area. */
export function summarizeProfile(profile: CpuProfile): ProfileSummary {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const byFunction = new Map<string, number>();
  const byTotal = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, index) => {
    // A sample's delta is the time since the one before it: the sampled frame ran for that long.
    const us = profile.timeDeltas[index] ?? 0;
    const frame = frames.get(id);
    if (!frame) return;
    total += us;
    const area = areaOf(frame.url, frame.functionName);
    if (area === 'idle') idle += us;
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    if (area === 'idle') return;
    byFunction.set(frameName(frame), (byFunction.get(frameName(frame)) ?? 0) + us);
    const onStack = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parents.get(node)) {
      const caller = frames.get(node);
      if (caller && caller.functionName !== '(root)') onStack.add(frameName(caller));
    }
    for (const name of onStack) byTotal.set(name, (byTotal.get(name) ?? 0) + us);
  });
  return {
    totalMs: total / 1000,
    idleMs: idle / 1000,
    busyMs: (total - idle) / 1000,
    functions: sorted(byFunction),
    totals: sorted(byTotal),
    areas: sorted(byArea).filter((area) => area.name !== 'idle'),
  };
}

/** The summary as text: busy time, then areas and the top functions, per event when `events` is given. */
export function formatProfileSummary(summary: ProfileSummary, options: { events?: number; top?: number } = {}): string {
  const events = options.events && options.events > 0 ? options.events : null;
  const cell = (ms: number) => `${ms.toFixed(0).padStart(7)} ms${events ? ` ${(ms / events).toFixed(2).padStart(7)} ms/event` : ''} ${((100 * ms) / Math.max(summary.busyMs, 1e-9)).toFixed(1).padStart(5)}%`;
  return [
    `sampled ${summary.totalMs.toFixed(0)} ms, busy ${summary.busyMs.toFixed(0)} ms${events ? ` (${(summary.busyMs / events).toFixed(2)} ms per event over ${events})` : ''}`,
    '',
    'self time by area:',
    ...summary.areas.map((area) => `${cell(area.ms)}  ${area.name}`),
    '',
    `top ${options.top ?? 25} functions by self time:`,
    ...summary.functions.slice(0, options.top ?? 25).map((entry) => `${cell(entry.ms)}  ${entry.name}`),
    '',
    `top ${options.top ?? 25} functions by total time (self and synchronous callees):`,
    ...summary.totals.slice(0, options.top ?? 25).map((entry) => `${cell(entry.ms)}  ${entry.name}`),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { events: { type: 'string' }, top: { type: 'string', default: '25' } } });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('usage: profile-summary.ts <file.cpuprofile> [--events N] [--top N]\n');
    process.exit(2);
  }
  const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  process.stdout.write(`${formatProfileSummary(summary, { ...(values.events ? { events: Number(values.events) } : {}), top: Number(values.top) })}\n`);
}
