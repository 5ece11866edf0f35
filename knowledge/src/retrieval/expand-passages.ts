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
 * while the passage stays within `maxChars`, joined in document order. A document short enough to
 * fit in `maxChars` whole is read whole, as an agent reads a short article: the passage about what
 * cannot be returned also holds the steps under "How to return", each other section after its
 * heading line ("## How to return"). Ranking, ids and citations stay the passage's own; only
 * `content` grows.
 *
 * @example
 * const passages = await expandPassages(db, tenantId, await search({ … }));
 */
export async function expandPassages(db: Queryable, tenantId: string, passages: readonly Passage[], options: ExpandOptions = {}): Promise<Passage[]> {
  const radius = options.radius ?? 1;
  const maxChars = options.maxChars ?? 800;
  if (passages.length === 0 || radius <= 0) return [...passages];
  // One statement: each passage's section neighbours, or every chunk of a document that may fit whole.
  const { rows } = await db.query<{ chunk_id: string; offset: number; content: string; section_path: string[]; is_near: boolean }>(
    `select p.chunk_id, n.position - s.position as offset, n.content, n.section_path,
            (n.position between s.position - $3 and s.position + $3 and n.section_path = s.section_path) as is_near
       from unnest($2::uuid[]) as p(chunk_id)
       join kb_chunks s on s.tenant_id = $1 and s.id = p.chunk_id
       cross join lateral (
         select sum(length(c.content) + 1) as total from kb_chunks c
          where c.tenant_id = $1 and c.document_id = s.document_id and not c.is_excluded
       ) d
       join kb_chunks n on n.tenant_id = $1 and n.document_id = s.document_id and n.position <> s.position and not n.is_excluded
                       and (d.total <= $4 or (n.position between s.position - $3 and s.position + $3 and n.section_path = s.section_path))`,
    [tenantId, passages.map((passage) => passage.chunkId), radius, maxChars],
  );
  const neighbours = new Map<string, Array<{ offset: number; content: string; sectionPath: string[]; isNear: boolean }>>();
  for (const row of rows) {
    const list = neighbours.get(row.chunk_id) ?? [];
    list.push({ offset: row.offset, content: row.content, sectionPath: row.section_path, isNear: row.is_near });
    neighbours.set(row.chunk_id, list);
  }
  return passages.map((passage) => {
    const all = neighbours.get(passage.chunkId) ?? [];
    const whole = wholeDocument(passage, all, maxChars);
    if (whole !== undefined) return { ...passage, content: whole };
    const around = all.filter((neighbour) => neighbour.isNear).sort((a, b) => Math.abs(a.offset) - Math.abs(b.offset) || a.offset - b.offset);
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

/**
 * The whole document as one passage, in order, when every chunk of it came back and it fits in
 * `maxChars`: a part in another section than the one before it opens with that section's heading.
 */
function wholeDocument(passage: Passage, others: ReadonlyArray<{ offset: number; content: string; sectionPath: string[]; isNear: boolean }>, maxChars: number): string | undefined {
  if (others.length === 0 || others.every((part) => part.isNear)) return undefined;
  const parts = [{ offset: 0, content: passage.content, sectionPath: passage.sectionPath }, ...others].sort((a, b) => a.offset - b.offset);
  const lines: string[] = [];
  let section: string | undefined;
  parts.forEach((part, index) => {
    const key = part.sectionPath.join('\u0000');
    const heading = part.sectionPath.at(-1);
    if (index > 0 && key !== section && heading) lines.push(`## ${heading}`);
    section = key;
    lines.push(part.content);
  });
  const text = lines.join('\n');
  return text.length <= maxChars ? text : undefined;
}
