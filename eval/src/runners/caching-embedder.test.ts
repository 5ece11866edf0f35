import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHashEmbedder, type Embedder } from '@threadline/knowledge';
import { createCachingEmbedder } from './caching-embedder.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function counting(): Embedder & { calls: string[][] } {
  const inner = createHashEmbedder({ dimensions: 8 });
  const calls: string[][] = [];
  return { ...inner, calls, embed: (texts, options) => (calls.push(texts), inner.embed(texts, options)) };
}

describe('caching embedder', () => {
  it('embeds each distinct text once and returns the wrapped model’s vectors', async () => {
    const inner = counting();
    const embedder = createCachingEmbedder(inner);
    const first = await embedder.embed(['a b', 'c', 'a b']);
    const again = await embedder.embed(['c']);
    expect(inner.calls).toEqual([['a b', 'c']]);
    expect(again[0]).toEqual(first[1]);
    expect(embedder.model).toBe(inner.model);
    expect(embedder.stats).toMatchObject({ hits: 2, misses: 2 });
  });

  it('keeps vectors across processes in its file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-cache-'));
    dirs.push(dir);
    const file = join(dir, 'vectors.f32');
    const vectors = await createCachingEmbedder(createHashEmbedder({ dimensions: 8 }), { file }).embed(['refund policy', 'opening hours']);
    const inner = counting();
    const reopened = createCachingEmbedder(inner, { file });
    expect(await reopened.embed(['opening hours', 'refund policy'])).toEqual([vectors[1], vectors[0]]);
    expect(inner.calls).toEqual([]);
  });
});
