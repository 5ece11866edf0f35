import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURE_HISTORY } from '../answer/testing/fixtures.js';
import { createNameRecognizer, createPersonalDataCache, findPersonalData, redactPersonalData, withRecognizedNames, type NameRecognizer } from './index.js';

/** Texts where the recogniser finds people, finds none, or is skipped (no capitals). */
const TEXTS = [
  'My colleague John Smith will call you tomorrow.',
  'John will call you tomorrow.',
  'so my colleague John Smith will call you tomorrow',
  'my colleague john smith will call',
  'Hi Priya,\n\nThe refund is on its way. Priya, you will see it in 5 days.\n\nBest regards,\nMarcus Lee\nAcme Support',
  'Hi there,\nHello Team!\nThanks again,\nSupport Team',
  'Thanks, Jane. Peter Parker and Mary-Jane Watson from accounting said the invoice for Acme Ltd is wrong.',
  'Please ship it to 221B Baker Street, London. Call +44 20 7946 0958 and ask for Dr. Watson.',
  '',
  ...FIXTURE_HISTORY.flatMap((item) => [item.text, item.ticketSubject]),
];

/** Stand-ins for the worker script: one that dies on its first request, one that cannot load. */
const DIES_ON_REQUEST = new URL(
  `data:text/javascript,${encodeURIComponent("import { parentPort } from 'node:worker_threads'; parentPort.postMessage({ type: 'ready' }); parentPort.on('message', () => process.exit(3));")}`,
);
const CANNOT_LOAD = new URL(`data:text/javascript,${encodeURIComponent("throw new Error('no recogniser here');")}`);

const DISTINCT = new Set(TEXTS).size;

const open: NameRecognizer[] = [];
function recognizer(...args: Parameters<typeof createNameRecognizer>): NameRecognizer {
  const created = createNameRecognizer(...args);
  open.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((each) => each.close()));
});

describe('createNameRecognizer', () => {
  it('finds the same names in its worker thread as on the calling thread', async () => {
    const worker = recognizer();
    const main = recognizer({ thread: 'main' });
    const [fromWorker, fromMain] = [await worker.recognize(TEXTS), await main.recognize(TEXTS)];
    expect(fromWorker).toEqual(fromMain);
    expect(fromMain[0]).toEqual(['John Smith']);
    expect(worker.usage()).toMatchObject({ thread: 'worker', texts: DISTINCT, textsOnCallingThread: 0, workersStarted: 1 });
    expect(main.usage()).toMatchObject({ thread: 'main', textsOnCallingThread: DISTINCT, workersStarted: 0 });
  });

  it('answers concurrent calls each with its own names, in one thread', async () => {
    const worker = recognizer();
    const answers = await Promise.all(TEXTS.map((text) => worker.recognize([text])));
    expect(answers.flat()).toEqual(await recognizer({ thread: 'main' }).recognize(TEXTS));
    expect(worker.usage().workersStarted).toBe(1);
  });

  it('runs a text asked for again while it is being recognised only once', async () => {
    const worker = recognizer();
    const [first, second] = await Promise.all([worker.recognize(TEXTS), worker.recognize([...TEXTS].reverse())]);
    expect(second).toEqual([...(first as string[][])].reverse());
    expect(worker.usage().texts).toBe(DISTINCT);
    await worker.recognize(TEXTS.slice(0, 1));
    expect(worker.usage().texts).toBe(DISTINCT + 1);
  });

  it('answers on the calling thread when its thread dies, and starts a new thread on the next call', async () => {
    const dying = recognizer({ workerUrl: DIES_ON_REQUEST });
    const expected = await recognizer({ thread: 'main' }).recognize(TEXTS);
    expect(await dying.recognize(TEXTS)).toEqual(expected);
    expect(dying.usage()).toMatchObject({ thread: 'worker', textsOnCallingThread: DISTINCT, workersStarted: 1 });
    expect(await dying.recognize(TEXTS.slice(0, 1))).toEqual(expected.slice(0, 1));
    expect(dying.usage().workersStarted).toBe(2);
  });

  it('stays on the calling thread when its thread cannot load the recogniser', async () => {
    const broken = recognizer({ workerUrl: CANNOT_LOAD });
    const expected = await recognizer({ thread: 'main' }).recognize(TEXTS);
    expect(await broken.recognize(TEXTS)).toEqual(expected);
    expect(await broken.recognize(TEXTS)).toEqual(expected);
    expect(broken.usage()).toMatchObject({ thread: 'main', textsOnCallingThread: 2 * DISTINCT, workersStarted: 1 });
  });

  it('runs on the calling thread after close, so no thread outlives it', async () => {
    const worker = recognizer();
    await worker.recognize(TEXTS.slice(0, 1));
    await worker.close();
    expect(await worker.recognize(TEXTS.slice(0, 1))).toEqual([['John Smith']]);
    expect(worker.usage()).toMatchObject({ thread: 'main', workersStarted: 1, textsOnCallingThread: 1 });
  });
});

describe('withRecognizedNames', () => {
  it('redacts exactly as the calling thread does, with the recogniser run ahead in the worker', async () => {
    const worker = recognizer();
    for (const options of [{}, { names: ['Jane Cooper'] }, { locale: 'en-GB' }, { locale: 'de' }, { detectNames: false }]) {
      const ready = await withRecognizedNames(TEXTS, options, worker);
      for (const text of TEXTS) {
        expect(findPersonalData(text, ready)).toEqual(findPersonalData(text, options));
        expect(redactPersonalData(text, ready)).toBe(redactPersonalData(text, options));
      }
    }
  });

  it('asks the recogniser only for texts it would run on: English, capitalised, not cached', async () => {
    const main = recognizer({ thread: 'main' });
    const cache = createPersonalDataCache();
    findPersonalData(TEXTS[0] as string, { cache });
    await withRecognizedNames([TEXTS[0] as string, TEXTS[1] as string, TEXTS[1] as string, 'no capitals here'], { cache }, main);
    expect(main.usage().texts).toBe(1);
    await withRecognizedNames(TEXTS, { locale: 'fr' }, main);
    expect(main.usage().texts).toBe(1);
  });
});
