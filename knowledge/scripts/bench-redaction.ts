/**
 * What preparing a model's input costs the calling thread, with the person-name recogniser on that
 * thread (`main`) or in its worker (`worker`): N inputs prepared concurrently, as concurrent webhook
 * events do, each with its own names and texts (nothing answered from the findings cache). Prints the
 * calling thread's own CPU per input (Linux: /proc/thread-self/stat, 10 ms ticks summed over the run)
 * and its event loop's active time per input (wall clock: on a busy machine, neighbours included).
 *
 *   npx tsx knowledge/scripts/bench-redaction.ts main|worker [inputs, default 200]
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { prepareModelInput } from '../src/answer/privacy/prepare-model-input.js';
import { FIXTURE_HISTORY, FIXTURE_NOW, fixtureRequest } from '../src/answer/testing/fixtures.js';
import type { AnswerRequest } from '../src/answer/types.js';
import { createNameRecognizer, createPersonalDataCache } from '../src/redaction/index.js';

const mode = process.argv[2];
if (mode !== 'main' && mode !== 'worker') throw new Error('usage: bench-redaction.ts main|worker [inputs]');
const inputs = Number(process.argv[3] ?? 200);

function threadCpuMs(): number {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const FIRST = ['John', 'Maria', 'Peter', 'Aisha', 'Kenji', 'Laura', 'Omar', 'Sofia'];
const LAST = ['Smith', 'Garcia', 'Parker', 'Khan', 'Sato', 'Rossi', 'Haddad', 'Novak'];

/** `count` requests whose message and history all differ, each naming a colleague only the recogniser finds. */
function requests(seed: number, count: number): AnswerRequest[] {
  return Array.from({ length: count }, (_, index) => {
    const key = seed * 1000 + index;
    const colleague = `${FIRST[key % 8]} ${LAST[(key >> 3) % 8]}`;
    return fixtureRequest({
      latestMessage: `Order ${key} has not arrived. My colleague ${colleague} will pick it up on Monday. Can you check with DHL?`,
      history: FIXTURE_HISTORY.map((item, position) => ({ ...item, text: `${item.text} (ref ${key}-${position}) Thanks, ${FIRST[(key + position) % 8]}.` })),
    });
  });
}

const recognizer = mode === 'worker' ? createNameRecognizer() : undefined;
const redaction = { cache: createPersonalDataCache(), ...(recognizer ? { recognizer } : {}) };
// Warm-up: the worker's start and compromise's load, the JIT.
await Promise.all(requests(9, 4).map((request) => prepareModelInput(request, FIXTURE_NOW, redaction)));

const batch = requests(1, inputs);
const loopAtStart = performance.eventLoopUtilization();
const cpuAtStart = threadCpuMs();
const started = performance.now();
await Promise.all(batch.map((request) => prepareModelInput(request, FIXTURE_NOW, redaction)));
const wallMs = performance.now() - started;
const loop = performance.eventLoopUtilization(loopAtStart);
const cpuMs = threadCpuMs() - cpuAtStart;
await recognizer?.close();
process.stdout.write(
  `${mode}: ${inputs} model inputs; calling thread ${(cpuMs / inputs).toFixed(2)} ms CPU and ${(loop.active / inputs).toFixed(2)} ms event loop per input; ${wallMs.toFixed(0)} ms wall for all\n`,
);
