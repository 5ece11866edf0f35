/**
 * Small, deterministic text helpers shared by the offline answerer, the guardrails and the rewriter.
 * No model, no dictionary beyond a stop-word list: they only need to be stable and cheap.
 */

// Function words of the languages the demo and most tenants use; enough to keep overlap scores
// about content words. Kept lowercase, unaccented forms are matched after folding.
const STOP_WORDS = new Set(
  (
    'a an the and or but if then else of to in on at by for with from into onto about as is are was were be been being am ' +
    'do does did done doing have has had having i me my mine we us our ours you your yours he him his she her hers it its they ' +
    'them their theirs this that these those there here what which who whom whose when where why how can could should would ' +
    'will shall may might must not no nor so too very just also than only own same such both each few more most other some any ' +
    'all up down out off over under again further once please thanks thank hi hello hey dear regards get got can’t cant dont ' +
    'don’t im i’m its it’s let lets need want know like would’ve yes ok okay still yet now one two ' +
    'after before since until while because though although during through within without between per via ' +
    // es / pt / fr / de / it / nl function words
    'el la los las un una unos unas y o de del al en por para con sin que es son mi mis tu su sus se lo le les me te nos ' +
    'o os as um uma e do da dos das no na nos nas com sem meu minha não nao ' +
    'le la les un une des et ou de du au aux en pour par avec sans que qui est sont mon ma mes ton ta vos votre nous vous je il elle ' +
    'der die das ein eine und oder von zu im in am mit ohne dass ist sind mein meine ich du er sie es wir ihr nicht bitte ' +
    'il lo gli i una e o di da in per con senza che è sono mio mia ' +
    'de het een en of van te in op met zonder dat is zijn mijn ik jij je hij zij wij niet'
  ).split(/\s+/),
);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** `text` matched literally inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Lowercases and strips accents so "Café" and "cafe" compare equal. */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/**
 * A light suffix stemmer: plural and common verb endings, enough for overlap scoring. A final
 * silent "e" goes too, so "arrive" / "arrived" and "replace" / "replacement" meet, and a consonant
 * doubled before "-ing" or "-ed", so "shipping" / "ships" and "resetting" / "reset" meet.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /^\d+$/.test(word)) return word;
  for (const suffix of ['ations', 'ation', 'ments', 'ment', 'ings', 'ing', 'ies', 'ied', 'ed', 'es', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const base = word.slice(0, -suffix.length);
      if (suffix === 'ies' || suffix === 'ied') return `${base}y`;
      // "resetting", "shipping", "stopped": the consonant doubled before the ending goes with it.
      return /^(?:ing|ings|ed)$/.test(suffix) && base.length >= 4 && /([bdfgmnprt])\1$/.test(base) ? base.slice(0, -1) : dropSilentE(base);
    }
  }
  return dropSilentE(word);
}

function dropSilentE(word: string): string {
  return word.length > 4 && word.endsWith('e') && !word.endsWith('ee') ? word.slice(0, -1) : word;
}

/** All words of `text`, folded. */
export function words(text: string): string[] {
  return fold(text).match(WORD) ?? [];
}

/** Content terms: folded, stemmed words without stop words or single letters. */
export function contentTerms(text: string): string[] {
  return words(text)
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word))
    .map(stem);
}

/** The set of content terms of `text`. */
export function termSet(text: string): Set<string> {
  return new Set(contentTerms(text));
}

/** Share of `query` terms present in `candidate` (0..1); 0 when the query has no content terms. */
export function coverage(query: ReadonlySet<string>, candidate: ReadonlySet<string>): number {
  if (query.size === 0) return 0;
  let hits = 0;
  for (const term of query) if (candidate.has(term)) hits += 1;
  return hits / query.size;
}

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Sentences of plain text, trimmed, empty ones dropped. Line breaks end a sentence too. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const line of text.split(/\n+/)) {
    for (const { segment } of sentenceSegmenter.segment(line)) {
      const sentence = segment.trim();
      if (sentence.length > 0) sentences.push(sentence);
    }
  }
  return sentences;
}

/**
 * Markdown to plain text lines for extraction: headings, list markers, emphasis, code ticks and
 * table pipes go; link text stays, link targets go. Table rows become "a — b — c".
 */
export function stripMarkdown(markdown: string): string {
  return markdown
    .split('\n')
    .filter((line) => !/^\s*\|?\s*:?-{3,}/.test(line)) // table separator rows
    .map((line) =>
      line
        .replace(/^\s{0,3}#{1,6}\s+/, '')
        .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')
        .replace(/^\s*>\s?/, '')
        .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
        .replace(/(\*\*|__)(.+?)\1/g, '$2')
        .replace(/(^|[^\w*])[*_]([^*_\n]+)[*_](?=[^\w*]|$)/g, '$1$2')
        .replace(/`([^`]*)`/g, '$1')
        .replace(/^\s*\|(.*)\|\s*$/, (_match, cells: string) =>
          cells
            .split('|')
            .map((cell) => cell.trim())
            .filter(Boolean)
            .join(' — '),
        )
        .trim(),
    )
    .filter((line) => line.length > 0)
    .join('\n');
}

/**
 * First name of a display name ("Jane Cooper" → "Jane"); undefined when the name is no name:
 * empty, an e-mail address, a phone number ("+1 415-555-0134", what a helpdesk shows for an unknown caller).
 */
export function firstName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.includes('@')) return undefined;
  const first = trimmed.split(/\s+/)[0] ?? '';
  return /^\p{L}[\p{L}\p{M}'’.-]*$/u.test(first) ? first : undefined;
}

/** A sentence reduced for comparison: folded, punctuation and spacing gone. Equal keys = the same sentence. */
export function normalizedSentence(sentence: string): string {
  return words(sentence).join(' ');
}

/** Ensures a sentence ends with terminal punctuation. */
export function terminate(sentence: string): string {
  return /[.!?…:)]["'”’]?$/.test(sentence) ? sentence : `${sentence}.`;
}

/** Cuts `text` to at most `max` characters on a word boundary, adding an ellipsis. */
export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}
