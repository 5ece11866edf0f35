// Worker thread of createNameRecognizer: runs compromise's person recogniser (recognize-people.js)
// so the server's event loop does not.
//
// One message per caller's batch (the model input of one event: subject, message, history), answered
// in arrival order. Requests are not merged further: compromise costs the same per text alone or in
// a batch, so merging would only hold the first request back.
//
// Plain JavaScript on purpose: a worker file is started by Node itself, outside tsx and vitest's
// TypeScript transform, so it must run as it is.
//
// Protocol (parent ⇄ worker):
//   ← { type: 'ready' } once compromise is loaded
//   → { type: 'recognize', id, texts: string[] }
//   ← { type: 'result', id, names: string[][] } (one list per text, in order)
//   ← { type: 'error', id, name, message }
import { parentPort } from 'node:worker_threads';
import { recognizePeople } from './detectors/recognize-people.js';

if (!parentPort) throw new Error('name-recognizer-worker.js must run in a worker thread');
const port = parentPort;

port.on('message', (message) => {
  if (message?.type !== 'recognize') return;
  try {
    port.postMessage({ type: 'result', id: message.id, names: message.texts.map((text) => recognizePeople(text)) });
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    port.postMessage({ type: 'error', id: message.id, name: err.name, message: err.message });
  }
});
port.postMessage({ type: 'ready' });
