import { readFileSync } from 'node:fs';
import { createDemoDataset } from '@threadline/connector-core/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type ZendeskSandbox } from '../src/sandbox/index.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The README's demo ticket ids are the ones `pnpm start` gives Jane Cooper's tickets (the demo's ten weeks of history). */
describe('the README names the demo tickets it says', () => {
  let sandbox: ZendeskSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ dataset: createDemoDataset({ historyWeeks: 10 }) });
  });
  afterAll(() => sandbox.close());

  it("reads Jane Cooper's timeline from her email ticket", () => {
    expect(readme).toContain(`/v1/tickets/${sandbox.ids.ticket('jane-email')}/timeline | head -c 600   # Jane Cooper: email, chat, phone`);
  });

  it("opens the sidebar on Jane Cooper's call", () => {
    expect(readme).toContain(`a ticket id (e.g. \`${sandbox.ids.ticket('jane-call')}\`,\n  Jane Cooper's call)`);
  });
});
