import { describe, expect, it } from 'vitest';
import { formatProfileSummary, summarizeProfile, type CpuProfile } from './profile-summary.js';

const frame = (id: number, functionName: string, url: string) => ({ id, callFrame: { functionName, url, lineNumber: 9 } });

/** Three frames sampled for known times (µs): idle 1000, PGlite 3000, the pipeline 1000 + 1000. */
const profile: CpuProfile = {
  nodes: [
    frame(1, '(idle)', ''),
    frame(2, 'execProtocolRawSync', 'file:///repo/node_modules/.pnpm/@electric-sql+pglite@0.4.6/node_modules/@electric-sql/pglite/dist/index.js'),
    frame(3, 'handleTicketEvent', 'file:///repo/apps/server/src/agent/agent-pipeline.ts'),
  ],
  samples: [1, 2, 2, 3, 2, 3],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000],
  startTime: 0,
  endTime: 6000,
};

describe('profile summary', () => {
  it('sums self time by area and by function, idle apart', () => {
    const summary = summarizeProfile(profile);
    expect(summary).toMatchObject({ totalMs: 6, idleMs: 1, busyMs: 5 });
    expect(summary.areas).toEqual([
      { name: 'PGlite (WebAssembly Postgres)', ms: 3 },
      { name: 'server (apps/server)', ms: 2 },
    ]);
    expect(summary.functions).toEqual([
      { name: 'execProtocolRawSync @electric-sql/pglite/dist/index.js:10', ms: 3 },
      { name: 'handleTicketEvent apps/server/src/agent/agent-pipeline.ts:10', ms: 2 },
    ]);
  });

  it('sums total time along the call tree, a function once per sample however deep it recurses', () => {
    const tree: CpuProfile = {
      nodes: [
        { ...frame(1, '(root)', ''), children: [2] },
        { ...frame(2, 'prepareModelInput', 'file:///repo/knowledge/src/answer/privacy/prepare-model-input.ts'), children: [3, 5] },
        { ...frame(3, 'redactText', 'file:///repo/knowledge/src/answer/privacy/redact-text.ts'), children: [4] },
        frame(4, 'redactText', 'file:///repo/knowledge/src/answer/privacy/redact-text.ts'),
        frame(5, 'truncate', 'file:///repo/knowledge/src/answer/text/text-tools.ts'),
      ],
      samples: [4, 4, 5, 2],
      timeDeltas: [1000, 1000, 1000, 1000],
      startTime: 0,
      endTime: 4000,
    };
    expect(summarizeProfile(tree).totals).toEqual([
      { name: 'prepareModelInput knowledge/src/answer/privacy/prepare-model-input.ts:10', ms: 4 },
      { name: 'redactText knowledge/src/answer/privacy/redact-text.ts:10', ms: 2 },
      { name: 'truncate knowledge/src/answer/text/text-tools.ts:10', ms: 1 },
    ]);
  });

  it('prints per-event figures when told how many events the profile covers', () => {
    const text = formatProfileSummary(summarizeProfile(profile), { events: 2, top: 1 });
    expect(text).toContain('busy 5 ms (2.50 ms per event over 2)');
    expect(text).toMatch(/3 ms\s+1\.50 ms\/event\s+60\.0%\s+PGlite/);
    expect(text).not.toContain('handleTicketEvent');
  });
});
