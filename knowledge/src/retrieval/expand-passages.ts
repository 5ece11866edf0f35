import type { Queryable } from '@threadline/platform/db';
import type { Passage } from './passage.js';

export interface ExpandOptions {
  /** How many chunks on each side may join a passage. Default 1. */
  radius?: number;
  /** Longest widened passage, in characters: neighbours join, nearest first, while they fit. Default 800. */
  maxChars?: number;
}

/**
 * Chunks are cut small because small chunks rank best (the eval's chunking sweep), but a model
 * answering from them needs the sentences around them. This widens each passage with its section
 * neighbours: chunks just before and after it in the same document and section, nearest first
 * while the passage stays within `maxChars`, joined in document order. Ranking, ids and
 * citations stay the passage's own; only `content` grows.
 *
 * @example
 * const passages = await expandPassages(db, tenantId, await search({ … }));
 */
export async function expandPassages(db: Queryable, tenantId: string, passages: readonly Passage[], options: ExpandOptions = {}): Promise<Passage[]> {
  const radius = options.radius ?? 1;
  const maxChars = options.maxChars ?? 800;
  if (passages.length === 0 || radius <= 0) return [...passages];
  const { rows } = await db.query<{ chunk_id: string; offset: number; content: string }>(
    `select p.chunk_id, n.position - s.position as offset, n.content
       from unnest($2::uuid[]) as p(chunk_id)
       join kb_chunks s on s.tenant_id = $1 and s.id = p.chunk_id
       join kb_chunks n on n.tenant_id = $1 and n.document_id = s.document_id
                       and n.position between s.position - $3 and s.position + $3 and n.position <> s.position
                       and n.section_path = s.section_path and not n.is_excluded`,
    [tenantId, passages.map((passage) => passage.chunkId), radius],
  );
  const neighbours = new Map<string, Array<{ offset: number; content: string }>>();
  for (const row of rows) {
    const list = neighbours.get(row.chunk_id) ?? [];
    list.push({ offset: row.offset, content: row.content });
    neighbours.set(row.chunk_id, list);
  }
  return passages.map((passage) => {
    const around = (neighbours.get(passage.chunkId) ?? []).sort((a, b) => Math.abs(a.offset) - Math.abs(b.offset) || a.offset - b.offset);
    const kept = [{ offset: 0, content: passage.content }];
    let length = passage.content.length;
    // A side stops at the first neighbour that does not fit, so the passage stays contiguous.
    const blocked = new Set<number>();
    for (const neighbour of around) {
      const side = Math.sign(neighbour.offset);
      if (blocked.has(side)) continue;
      if (length + 1 + neighbour.content.length > maxChars) {
        blocked.add(side);
        continue;
      }
      kept.push(neighbour);
      length += 1 + neighbour.content.length;
    }
    if (kept.length === 1) return passage;
    return { ...passage, content: kept.sort((a, b) => a.offset - b.offset).map((part) => part.content).join('\n') };
  });
}
