import { contentTerms, fold } from '../../answer/text/text-tools.js';

/**
 * Names the tenant's knowledge is organised by (products, places, hotels, plans, accounts), found
 * in a customer's text. Built from the knowledge itself (`loadEntityNames`), never from a list
 * kept beside it: a tenant whose articles sit under "Trailblazer 2 Tent" can match "my trailblazer
 * 2" in an email it received last week.
 */
export interface EntityFinder {
  /** The name mentioned last in `text` (the longest at one position), or undefined. */
  find(text: string): FoundEntity | undefined;
  /** True when `title` or one of `sectionPath`'s headings names the entity ("Parking at the Lensfield Hotel"). */
  isAbout(entity: FoundEntity, place: { title: string; sectionPath: readonly string[] }): boolean;
  /** How many distinct names the finder knows. */
  readonly size: number;
}

export interface FoundEntity {
  /** The name as the knowledge spells it. */
  name: string;
  /** Its matching key: the name's distinctive words, normalised. */
  key: string;
}

/**
 * A word in at least this share of the names (and in at least `GENERIC_MIN_NAMES` of them) is a
 * kind, not a name: "hotel", "restaurant", "plan", "the". Names are matched without such words, on
 * both sides, so "the Lensfield" finds "Lensfield Hotel" and "hotel" alone finds nothing.
 */
const GENERIC_SHARE = 0.03;
const GENERIC_MIN_NAMES = 3;
/** Names longer than this are sentences (an FAQ's question), not names. */
const MAX_NAME_WORDS = 6;
/** A key shorter than this ("a b") matches by accident. */
const MIN_KEY_CHARS = 3;
/** Headings whose matching keys a finder remembers. */
const MAX_HEADING_KEYS = 10_000;

function normalize(text: string): string[] {
  return fold(text)
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/** Whether a heading or title can be an entity's name at all. */
function isNameLike(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length < MIN_KEY_CHARS || /[?!]$/.test(trimmed)) return false;
  const count = normalize(trimmed).length;
  return count > 0 && count <= MAX_NAME_WORDS;
}

/**
 * Builds a finder from the names (titles and section headings) of a tenant's documents.
 *
 * @example
 * const finder = createEntityFinder(['Lensfield Hotel', 'Avalon', 'Trailblazer 2 Tent']);
 * finder.find('Does the Lensfield have parking?'); // { name: 'Lensfield Hotel', key: 'lensfield' }
 */
export function createEntityFinder(names: readonly string[]): EntityFinder {
  const distinct = [...new Set(names.map((name) => name.trim()).filter(isNameLike))];
  const frequency = new Map<string, number>();
  for (const name of distinct) for (const word of new Set(normalize(name))) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const generic = new Set([...frequency].filter(([, count]) => count >= GENERIC_MIN_NAMES && count / Math.max(1, distinct.length) >= GENERIC_SHARE).map(([word]) => word));
  const keyOf = (text: string): string => normalize(text).filter((word) => !generic.has(word)).join(' ');

  const byKey = new Map<string, string>();
  for (const name of distinct) {
    const key = keyOf(name);
    // A key that is only common words ("the place", "my account") would match ordinary sentences.
    if (key.length < MIN_KEY_CHARS || contentTerms(key).length === 0) continue;
    if (!byKey.has(key)) byKey.set(key, name);
  }
  // The headings passages come under are the knowledge's own, asked about with every event: each
  // is normalised once (bounded, in case a finder lives long beside a growing knowledge base).
  const headingKeys = new Map<string, string>();
  const headingKey = (heading: string): string => {
    let key = headingKeys.get(heading);
    if (key === undefined) {
      if (headingKeys.size >= MAX_HEADING_KEYS) headingKeys.clear();
      key = ` ${keyOf(heading)} `;
      headingKeys.set(heading, key);
    }
    return key;
  };
  // Longest first, so "lensfield park" wins over a shorter key it contains at the same place.
  const keys = [...byKey.keys()].sort((a, b) => b.length - a.length);

  return {
    size: byKey.size,
    find(text) {
      const haystack = ` ${keyOf(text)} `;
      let best: { key: string; at: number } | undefined;
      for (const key of keys) {
        const at = haystack.lastIndexOf(` ${key} `);
        if (at >= 0 && (!best || at > best.at)) best = { key, at };
      }
      return best ? { key: best.key, name: byKey.get(best.key) as string } : undefined;
    },
    isAbout(entity, place) {
      return [place.title, ...place.sectionPath].some((heading) => headingKey(heading).includes(` ${entity.key} `));
    },
  };
}
