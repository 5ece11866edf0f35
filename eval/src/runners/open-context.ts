import { join } from 'node:path';
import { createHashEmbedder, createLocalEmbedder } from '@threadline/knowledge';
import { createAnswerEngine, type AnswerEngineOptions } from '@threadline/knowledge/answer';
import type { EvalAnswerModel, EvalConfig } from '../config.js';
import { StageTimer } from '../metrics/latency.js';
import type { ProgressSink } from '../report/progress.js';
import { createCachingEmbedder, type CachingEmbedder } from './caching-embedder.js';
import type { RunContext } from './context.js';
import { describeTarget, evalDbTarget, openEvalDb, type EvalDbTarget } from './eval-db.js';

/** The engine options of the configured model, as the server builds them. */
function modelEngineOptions(model: EvalAnswerModel): AnswerEngineOptions {
  return model.provider === 'anthropic'
    ? { anthropic: { apiKey: model.apiKey, ...(model.model ? { model: model.model } : {}), ...(model.baseUrl ? { baseURL: model.baseUrl } : {}) } }
    : { openaiCompatible: { baseURL: model.baseUrl, model: model.model, ...(model.apiKey ? { apiKey: model.apiKey } : {}) } };
}

/**
 * Opens what a run shares: the eval database, the configured embedder behind the vector cache, the
 * offline engine and the configured model's. `close` releases the cache file and the database.
 */
export async function openRunContext(
  config: EvalConfig,
  progress: ProgressSink,
  notes: string[],
): Promise<{ context: RunContext; target: EvalDbTarget; embedder: CachingEmbedder; close: () => Promise<void> }> {
  const target = evalDbTarget(config);
  progress.note(`database: ${describeTarget(target)}`);
  const db = await openEvalDb(target);
  const inner = config.embedder === 'local' ? createLocalEmbedder() : createHashEmbedder();
  const embedder = createCachingEmbedder(inner, { file: join(config.cacheDir, 'vectors', `${inner.model.replace(/[^a-z0-9.-]+/gi, '_')}-${inner.dimensions}.f32`) });
  const model = config.answerModel ? createAnswerEngine(modelEngineOptions(config.answerModel)) : undefined;
  const context: RunContext = {
    db,
    // Scratch databases live in memory: the sweep's candidates are compared with each other, not with the main index.
    openScratchDb: () => openEvalDb({ kind: 'pglite' }),
    embedder,
    engines: { offline: createAnswerEngine({}), ...(model ? { model } : {}) },
    modelSample: config.modelSample,
    progress,
    timer: new StageTimer(),
    indexed: new Map(),
    ingested: new Set(),
    notes,
  };
  const close = async (): Promise<void> => {
    await embedder.close();
    await db.close();
  };
  return { context, target, embedder, close };
}
