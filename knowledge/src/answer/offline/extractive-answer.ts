import { knowledgeWordAt } from '../../retrieval/everyday-phrases.js';
import { documentOf } from '../citations/cite-documents.js';
import { contentTerms, coverage, escapeRegExp, normalizedSentence, splitSentences, stripMarkdown, termSet, terminate } from '../text/text-tools.js';
import type { AnswerPassage } from '../types.js';

/**
 * The offline answer: the sentences of the retrieved passages that answer the customer's latest
 * message, chosen one by one (best first, then the next best that adds something new) and cited.
 *
 * The candidates are the passages' prose units (`proseUnits`): sentences, a short list of fragments
 * said under its heading, numbered steps. Each is scored by
 *   the IDF-weighted share of the latest message's content terms it contains (IDF over the
 *   candidate sentences: a term in every sentence says little about which one answers), plus half
 *   that share for the words of the heading it sits under (HEADING_WEIGHT), halved when a how-to
 *   question's action is missing from it (WITHOUT_ACTION_WEIGHT), relative to the best sentence's,
 *   times 0.6 + 0.4 × its passage's retrieval score relative to the best passage's,
 * + 0.3  × the same relative share for the rest of the conversation (subject, earlier customer messages),
 * + 0.1  × the retrieval score of its passage, + 0.05 / (1 + retrieval rank),
 * + 0.02 / (1 + position in the passage) as a tie-break towards openings,
 * + STEP_BONUS for a step holding a how-to question's action under a heading that names something asked,
 * times 0.8 for a sentence that leans on the one before it ("Besides, …") and 0.8 for an account in
 * the first person ("I was impressed …"). The question's terms exclude the words of the name of
 * what the passages are about (their section: a hotel, a product) when it holds others.
 * Selection is MMR-style: score minus 0.5 × the largest term overlap (Jaccard) with a sentence
 * already chosen; a sentence equal to a chosen one (normalised) or overlapping it by 60 % is never taken.
 * A step that leads brings its procedure: the list's steps in order (`procedureOf`).
 *
 * Confidence (0..1) is defined as
 *   0.5 × retrieval score of the best passage used (clamped to 0..1)
 * + 0.5 × lexical coverage: the share of the latest message's content terms that appear in the chosen sentences,
 * capped at 0.9 because extraction cannot check that the sentences really answer the question.
 * Nothing relevant → no sentences, no passages, confidence 0. Relevant means a strong retrieval
 * match (SEMANTIC_MATCH_SCORE), or chosen sentences that cover enough of the latest message
 * (MIN_RELEVANT_COVERAGE weighted by IDF, or MIN_KNOWN_COVERAGE of the terms the knowledge uses).
 */
export interface ExtractiveAnswer {
  /** The chosen sentences, each once, in reading order: the best answer first. */
  sentences: string[];
  /**
   * Every sentence weighed as evidence (`sentences` are the best of them), in reading order: the
   * confidence and the language of the answer are read on these, more text than the reply holds.
   */
  evidenceSentences: string[];
  /** Which passage each sentence comes from (same order as `sentences`). */
  sources: AnswerPassage[];
  /** Passages the sentences come from, each once, in order of first use: these are the citations. */
  used: AnswerPassage[];
  confidence: number;
  /** The parts of the confidence and the relevance decision, for logs and tuning. */
  evidence: { topScore: number; coverage: number; weightedCoverage: number; isRelevant: boolean };
  /**
   * The IDF-weighted share of the latest message's content terms the lead sentence holds: how
   * directly the lead answers (words every sentence has, "restaurant", weigh little).
   */
  leadCoverage: number;
  /**
   * Whether the lead holds the question's most specific word (the asked term fewest candidate
   * sentences contain): "quiet" in "Is the place quiet?", "views" in "Are there rooms with great
   * views?". A lead that holds only the common words ("rooms with disability access") is on the
   * subject but does not answer yes or no to what was asked.
   */
  leadHoldsFocus: boolean;
}

export interface ExtractOptions {
  /** The customer's message being answered. */
  question: string;
  /** The rest of the conversation (subject, earlier customer messages): a weaker signal. */
  conversation?: string;
  passages: readonly AnswerPassage[];
  maxSentences: number;
  /** How many of the best passages sentences may come from (default 6). */
  maxPassages?: number;
  /**
   * The reply's length in words: after the lead sentence, another joins only when it fits (the
   * lead always stays, whatever its length). Default: no limit beyond `maxSentences`.
   */
  maxWords?: number;
}

export const OFFLINE_CONFIDENCE_CAP = 0.9;
/**
 * Below this IDF-weighted coverage of the latest message by the chosen sentences, lexical evidence
 * alone does not make the knowledge relevant ("asdf qwerty" covers nothing; a real question
 * shares at least its topic word with the sentence that answers it).
 */
export const MIN_RELEVANT_COVERAGE = 0.15;
/** Or this share of the latest message's terms that occur in the knowledge at all. */
export const MIN_KNOWN_COVERAGE = 0.5;
/**
 * A retrieval score this high is trusted without lexical overlap: the retriever matched on
 * meaning (a paraphrase, another language).
 */
export const SEMANTIC_MATCH_SCORE = 0.6;

const MIN_WORDS = 4;
const CONVERSATION_WEIGHT = 0.3;
const REDUNDANCY_WEIGHT = 0.5;
const MAX_OVERLAP = 0.6;
/** Later sentences must reach this share of the best sentence's score: no padding with filler. */
const MIN_SHARE_OF_BEST = 0.5;
/**
 * A sentence after the lead goes into the reply only at this share of the lead's score: when it
 * answers about as well (or, see NEW_PART_SHARE, answers another part of the question). The
 * replies agents write answer in one or two sentences (dstc11's references: median 22 words, 1–2
 * sentences); a second sentence that answers less well only dilutes the first: a fact about
 * something else the place offers ("… does not offer free WiFi" to a question about its wines), or
 * a guest's own account beside the statement of the fact. At 0.85 such sentences still joined; at
 * 0.95 the eval's quick subset (`pnpm eval --quick`) kept evidence precision or raised it (full
 * view 64.1 → 66.7 %, hint3 72.1 → 74.4 %) and ROUGE-L against the reference reply went 0.218 →
 * 0.226 on the full view, 0.221 → 0.220 on the FAQ view. On all the dev data (`pnpm eval`) evidence
 * precision rose more (FAQ view 49.3 → 53.9 %, full 37.9 → 40.4 %, hint3 68.0 → 74.0 %) and ROUGE-L
 * fell a little (0.180 → 0.175 FAQ view, 0.170 → 0.168 full).
 */
const REPLY_SHARE_OF_LEAD = 0.95;

/**
 * In a question of two parts, a later sentence also joins when it holds this IDF-weighted share
 * of the question that the reply does not hold yet: it answers the other part.
 */
const NEW_PART_SHARE = 0.1;
/**
 * Two questions joined by "and": "how long does delivery take, and is it free?", "how do I start a
 * return and when is my refund issued?". Two sentences that each end in "?" are two parts too.
 */
const TWO_PART_QUESTION =
  /\b(?:how|what|when|where|which|who|why|is|are|can|could|do|does|will)\b[^?]*\band\s+(?:how|what|when|where|which|who|why|is|are|can|could|do|does|will)\b/iu;

interface Candidate {
  text: string;
  key: string;
  /** A numbered step: which list of its passage (0 = none), for a procedure read in order. */
  steps: number;
  /** The terms of the heading the sentence sits under. */
  headingTerms: Set<string>;
  /** The article the passage belongs to: chunks of one article read as one source. */
  document: string;
  passageRank: number;
  position: number;
  terms: Set<string>;
  lexical: number;
  score: number;
}

export function clampScore(score: number): number {
  if (!Number.isFinite(score)) return 0;
  return Math.min(1, Math.max(0, score));
}

/** Passages best first: by score, ties keep the given order. */
export function rankPassages(passages: readonly AnswerPassage[]): AnswerPassage[] {
  return passages
    .map((passage, index) => ({ passage, index }))
    .sort((a, b) => clampScore(b.passage.score) - clampScore(a.passage.score) || a.index - b.index)
    .map(({ passage }) => passage);
}

/** One unit of a passage's prose: a sentence, or a run of list fragments said under their heading. */
interface ProseUnit {
  text: string;
  /** The numbered list it is a step of (counted from 1 in the passage), 0 when it is none. */
  steps: number;
  heading: string;
}

/** A list of fragments is said as one sentence up to this many words; a longer one item by item. */
const MAX_LIST_WORDS = 30;
const HEADING_LINE = /^\s{0,3}#{1,6}\s+(.+)$/;
const BULLET_LINE = /^\s*[-*+]\s+(.+)$/;
const STEP_LINE = /^\s*\d+[.)]\s+(.+)$/;
const ENDS_SENTENCE = /[.!?…]["'”’)]?$/;

/** "Used camp stoves" → "used camp stoves"; a name or an acronym keeps its capital ("UPS drop-off", "Northwind Trail"). */
function lowerOpening(fragment: string): string {
  const [first = '', next = ''] = fragment.split(/\s+/, 2);
  if (!/^\p{Lu}\p{Ll}*$/u.test(first) || /^\p{Lu}/u.test(next)) return fragment;
  return `${fragment[0]?.toLowerCase() ?? ''}${fragment.slice(1)}`;
}

/**
 * A passage's prose, line by line: heading lines are not prose but name what follows; a run of
 * bullet items that are not sentences ("- Delaminating boots and jackets") is one unit said under
 * its heading ("Covered: broken zippers, buckles and seams; delaminating boots and jackets."),
 * since a fragment lifted out of its list says nothing, unless the list is too long for a reply
 * (MAX_LIST_WORDS); numbered items are steps, kept in order.
 */
function proseUnits(passage: AnswerPassage): ProseUnit[] {
  const units: ProseUnit[] = [];
  let heading = stripMarkdown(passage.sectionPath.at(-1) ?? '');
  let fragments: string[] = [];
  let list = 0;
  let isInList = false;
  const flush = () => {
    if (fragments.length === 0) return;
    const said = fragments.map(lowerOpening).join('; ');
    if (said.split(/\s+/).length > MAX_LIST_WORDS) {
      // Too long to say in a reply: each item stands alone, as a line of its own.
      for (const fragment of fragments) units.push({ text: fragment, steps: 0, heading });
    } else {
      units.push({ text: heading && heading !== passage.title ? `${heading}: ${said}.` : terminate(said), steps: 0, heading });
    }
    fragments = [];
  };
  let header: string[] | undefined;
  const lines = passage.content.split('\n');
  lines.forEach((line, index) => {
    if (line.trim().length === 0) return;
    const headingLine = HEADING_LINE.exec(line);
    if (headingLine) {
      flush();
      isInList = false;
      header = undefined;
      heading = stripMarkdown(headingLine[1] ?? '');
      return;
    }
    // A table: its header row names the columns and is no answer; each row is said with them.
    if (TABLE_ROW.test(line)) {
      flush();
      isInList = false;
      if (TABLE_SEPARATOR.test(line)) return;
      const cells = tableCells(line);
      if (TABLE_SEPARATOR.test(lines[index + 1] ?? '')) {
        header = cells;
        return;
      }
      units.push({ text: header ? tableRow(header, cells) : terminate(cells.join(' — ')), steps: 0, heading });
      return;
    }
    header = undefined;
    const bullet = BULLET_LINE.exec(line);
    const item = bullet ? stripMarkdown(bullet[1] ?? '') : '';
    if (bullet && !ENDS_SENTENCE.test(item)) {
      fragments.push(item);
      return;
    }
    flush();
    const isStep = STEP_LINE.test(line);
    if (isStep && !isInList) list += 1;
    isInList = isStep;
    for (const text of splitSentences(stripMarkdown(line))) units.push({ text, steps: isStep ? list : 0, heading });
  });
  flush();
  return units;
}

const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{3,}/;

function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => stripMarkdown(cell.trim()));
}

/**
 * A table row said with its columns' names: "Standard: delivery time 3–5 business days; cost $6.95,
 * free over $75." (header Option | Delivery time | Cost), so a question about the cost finds it.
 */
function tableRow(header: readonly string[], cells: readonly string[]): string {
  const [first = '', ...rest] = cells;
  const said = rest
    .map((cell, index) => (cell ? `${lowerOpening(header[index + 1] ?? '')} ${cell}`.trim() : ''))
    .filter(Boolean)
    .join('; ');
  return said ? `${first}: ${said}.` : terminate(first);
}

function candidatesOf(ranked: readonly AnswerPassage[]): Candidate[] {
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  ranked.forEach((passage, passageRank) => {
    proseUnits(passage).forEach(({ text, steps, heading }, position) => {
      // A step says enough in three words ("Clean the fly."); other short lines are labels.
      const isProse = (steps > 0 || text.split(/\s+/).length >= MIN_WORDS) && text.trim() !== passage.title.trim();
      const key = normalizedSentence(text);
      // Overlapping chunks of one article repeat sentences: the best-ranked copy is kept.
      if (!isProse || seen.has(key)) return;
      seen.add(key);
      candidates.push({ text: terminate(text), key, steps, headingTerms: termSet(heading), document: documentOf(passage), passageRank, position, terms: new Set(contentTerms(text)), lexical: 0, score: 0 });
    });
  });
  return candidates;
}

/**
 * An order or ticket reference ("NW-10482") names the customer's case, not a topic: its prefix
 * would match the article that explains the reference format rather than the one that answers.
 */
const REFERENCE = /\b\p{L}{1,5}-?\d{3,}\b/gu;

function withoutReferences(text: string): string {
  return text.replace(REFERENCE, ' ');
}

/**
 * The question's terms that ask for a fact: without the words of the name of what the passages
 * are about (their section: a hotel, a product), which identify the subject, not the fact asked.
 * "Are the bathrooms clean at the Allenbell?" is answered by a sentence about clean bathrooms, not
 * by any sentence naming the Allenbell. Only a name counts, written with its capitals inside a
 * sentence of the question or the passages ("Wifi is free at Bridge Guest House."): a category
 * word ("Returns" for "how do I start a return?") is what is asked. When the name is all the
 * question holds, it stays.
 */
function factTerms(question: ReadonlySet<string>, texts: readonly string[], passages: readonly AnswerPassage[]): Set<string> {
  const names = new Set<string>();
  for (const name of new Set(passages.map((passage) => passage.sectionPath.at(-1)?.trim() ?? ''))) {
    if (name.length < 3) continue;
    const escaped = escapeRegExp(name).replace(/\s+/g, '\\s+');
    // After a word or a comma: inside a sentence, not at its start nor after a heading's "#".
    const inside = new RegExp(`(?<=[\\p{L}\\p{N},;:]\\s+)${escaped}(?![\\p{L}\\p{N}])`, 'giu');
    const isName = texts.some((text) => [...text.matchAll(inside)].some((match) => /^\p{Lu}/u.test(match[0])));
    if (isName) for (const term of contentTerms(name)) names.add(term);
  }
  const facts = new Set([...question].filter((term) => !names.has(term)));
  return facts.size > 0 ? facts : new Set(question);
}

/**
 * A question asking how to do something ("How do I return a jacket?", "how can we reset the
 * password", "how to track my order"): the action it names, the verb after "how do I".
 */
const HOW_TO = /\bhow\s+(?:do|can|could|should|would|may)\s+(?:i|we|you)\s+(?:\p{L}+ly\s+)?(\p{L}+)|\bhow\s+to\s+(\p{L}+)/iu;

/** The content term of the action a how-to question asks about, if it asks one. */
export function askedAction(question: string): string | undefined {
  const match = HOW_TO.exec(question);
  const verb = match?.[1] ?? match?.[2];
  if (!match || !verb) return undefined;
  // "How do I send it back?" asks for a return: the phrase's word, not "send".
  const phrased = knowledgeWordAt(question.slice(match.index + match[0].length - verb.length));
  return contentTerms(phrased ?? verb)[0];
}

/**
 * In a how-to question the action is what is asked, however common its word: "return" in "How do
 * I return a jacket?", where "jacket" is rarer. A sentence without the action weighs this much of
 * its lexical score ("Covered: … delaminating boots and jackets." is about jackets, not returns).
 */
const WITHOUT_ACTION_WEIGHT = 0.5;
/**
 * A numbered step holding the action, under a heading that names something asked ("How to return"
 * to "How do I return a jacket?"), to a how-to question: a procedure answers "how". The step "Clean
 * the fly." under "Restoring water repellency" does not answer "How do I clean my tent?".
 */
const STEP_BONUS = 0.15;
/** How much a word of the heading a sentence sits under counts beside the sentence's own words. */
const HEADING_WEIGHT = 0.5;
/** A procedure is read whole, up to this many times the reply's length in words. */
const PROCEDURE_LENGTH = 2;

/**
 * A sentence opening with a connective or a pronoun that points back ("Besides, …", "However, …",
 * "It was also …"): out of its text it leans on a sentence the reply does not hold.
 */
const LEANS_ON_CONTEXT = /^(?:besides|also|however|but|and|furthermore|moreover|additionally|plus|still|though|although|then|so|in addition|on the other hand|otherwise|anyway|that said|it|they|he|she)\b/iu;
/**
 * Someone's account of what happened to them, in the first person and the past ("During my stay I
 * was impressed …", "I ordered the fondue"): what a review or a post tells, not what the business
 * states. An agent's reply rests on the statement of the fact when there is one. (A customer's
 * phrasing in the present, "I want to return my order", is not an account.)
 */
const FIRST_PERSON = /\b(?:I|I'm|I've|I'd|my|me)\b/u;
const PAST = /\b(?:was|were|had|went|did|got|found|stayed|ate|loved|felt|\p{L}{3,}ed)\b/iu;

function isAccount(sentence: string): boolean {
  return FIRST_PERSON.test(sentence) && PAST.test(sentence);
}

/** The weight of a sentence that reads wrong out of its text (both kinds above multiply). */
const OUT_OF_CONTEXT_WEIGHT = 0.8;

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/** Greedy MMR: the best sentence, then the best of the rest discounted by overlap with those chosen. */
function selectSentences(pool: readonly Candidate[], max: number): Candidate[] {
  const chosen: Candidate[] = [];
  const best = Math.max(0, ...pool.map((candidate) => candidate.score));
  let remaining = [...pool];
  while (chosen.length < max && remaining.length > 0) {
    let pick: Candidate | undefined;
    let pickValue = -Infinity;
    for (const candidate of remaining) {
      const overlap = Math.max(0, ...chosen.map((other) => jaccard(candidate.terms, other.terms)));
      const value = candidate.score - REDUNDANCY_WEIGHT * overlap;
      if (value > pickValue) {
        pick = candidate;
        pickValue = value;
      }
    }
    if (!pick || (chosen.length > 0 && pick.score < MIN_SHARE_OF_BEST * best)) break;
    chosen.push(pick);
    const picked = pick;
    remaining = remaining.filter((candidate) => candidate !== picked && candidate.key !== picked.key && jaccard(candidate.terms, picked.terms) < MAX_OVERLAP);
  }
  return chosen;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/**
 * The sentences the reply says, from those chosen as evidence: the lead, then the others that
 * answer nearly as well (REPLY_SHARE_OF_LEAD) or, in a question of two parts, answer the part the
 * reply does not hold yet (`newPart` at least NEW_PART_SHARE), while the reply stays within `maxWords`.
 */
function replySentences(evidence: readonly Candidate[], maxWords: number, newPart: (candidate: Candidate, said: ReadonlySet<string>) => number): Candidate[] {
  const [lead, ...rest] = evidence;
  if (!lead) return [];
  const reply = [lead];
  const said = new Set(lead.terms);
  let words = wordCount(lead.text);
  for (const candidate of rest) {
    const length = wordCount(candidate.text);
    const answersAsWell = candidate.score >= REPLY_SHARE_OF_LEAD * lead.score;
    if ((!answersAsWell && newPart(candidate, said) < NEW_PART_SHARE) || words + length > maxWords) continue;
    reply.push(candidate);
    for (const term of candidate.terms) said.add(term);
    words += length;
  }
  return reply;
}

/**
 * Reading order: the best sentence leads (it is the answer); the others follow grouped by
 * article, in the order each article is first used, and in their own order inside it.
 */
function readingOrder(chosen: readonly Candidate[]): Candidate[] {
  const [lead, ...rest] = chosen;
  if (!lead) return [];
  const documentOrder = [...new Set(chosen.map((candidate) => candidate.document))];
  rest.sort((a, b) => documentOrder.indexOf(a.document) - documentOrder.indexOf(b.document) || a.passageRank - b.passageRank || a.position - b.position);
  return [lead, ...rest];
}

export function extractAnswer(options: ExtractOptions): ExtractiveAnswer {
  const ranked = rankPassages(options.passages).slice(0, options.maxPassages ?? 6);
  const none: ExtractiveAnswer = { sentences: [], evidenceSentences: [], sources: [], used: [], confidence: 0, evidence: { topScore: 0, coverage: 0, weightedCoverage: 0, isRelevant: false }, leadCoverage: 0, leadHoldsFocus: false };
  const candidates = candidatesOf(ranked);
  if (candidates.length === 0) return none;

  const question = termSet(withoutReferences(options.question));
  // An action said in everyday words ("send it back") is asked in the knowledge's word ("return").
  const action = askedAction(options.question);
  if (action !== undefined) question.add(action);
  const asked = factTerms(question, [options.question, ...ranked.map((passage) => passage.content)], ranked);
  const conversation = new Set([...termSet(options.conversation ?? '')].filter((term) => !question.has(term)));
  const documentFrequency = new Map<string, number>();
  for (const candidate of candidates) for (const term of candidate.terms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  // A name the customer writes inside a sentence (a brand, a product, a town: "My Visa keeps getting
  // declined", "since it left Reno") says which thing, not what is asked about it: its rarity counts half.
  const named = namedTerms(options.question, question);
  const idf = (term: string): number => Math.log(1 + candidates.length / (documentFrequency.get(term) ?? 0.5)) * (named.has(term) ? NAME_WEIGHT : 1);
  const weightOf = (terms: ReadonlySet<string>): number => [...terms].reduce((sum, term) => sum + idf(term), 0);
  const share = (terms: ReadonlySet<string>, of: ReadonlySet<string>, total: number): number => {
    if (total === 0) return 0;
    let matched = 0;
    for (const term of of) if (terms.has(term)) matched += idf(term);
    return matched / total;
  };
  const questionWeight = weightOf(question);
  const conversationWeight = weightOf(conversation);
  const topScore = clampScore(ranked[0]?.score ?? 0);

  const askedWeight = weightOf(asked);
  const isAction = action !== undefined && asked.has(action);
  const contexts = new Map<Candidate, number>();
  for (const candidate of candidates) {
    // The heading a sentence sits under says what it is about ("Tracking shows no movement" over
    // "Carriers often scan a parcel … wait one business day."): its words count, at half weight.
    const underHeading = new Set([...candidate.headingTerms].filter((term) => !candidate.terms.has(term)));
    candidate.lexical =
      (share(candidate.terms, asked, askedWeight) + HEADING_WEIGHT * share(underHeading, asked, askedWeight)) *
      (isAction && !candidate.terms.has(action) ? WITHOUT_ACTION_WEIGHT : 1);
    contexts.set(candidate, share(candidate.terms, conversation, conversationWeight));
  }
  // Relative to the best sentence: a long message (a call transcript) matches little of itself
  // anywhere, and the retrieval prior must not outweigh which sentence matches it best.
  const bestLexical = Math.max(...candidates.map((candidate) => candidate.lexical));
  const bestContext = Math.max(...contexts.values());
  for (const candidate of candidates) {
    const passage = ranked[candidate.passageRank] as AnswerPassage;
    const lexical = bestLexical > 0 ? candidate.lexical / bestLexical : 0;
    const context = bestContext > 0 ? (contexts.get(candidate) ?? 0) / bestContext : 0;
    // Retrieval judged the whole passage: a word match in a passage it ranked far below the best counts for less.
    const passageRelevance = topScore > 0 ? clampScore(passage.score) / topScore : 1;
    candidate.score =
      lexical * (0.6 + 0.4 * passageRelevance) +
      CONVERSATION_WEIGHT * context +
      0.1 * clampScore(passage.score) +
      0.05 / (1 + candidate.passageRank) +
      0.02 / (1 + candidate.position);
    // Lifted out of its text, a sentence that leans on the one before ("Besides, …", "It was also …")
    // or tells someone's experience ("I was impressed …") answers less well than one that states the fact.
    if (isAction && candidate.steps > 0 && candidate.terms.has(action) && [...candidate.headingTerms].some((term) => question.has(term))) candidate.score += STEP_BONUS;
    if (LEANS_ON_CONTEXT.test(candidate.text)) candidate.score *= OUT_OF_CONTEXT_WEIGHT;
    if (isAccount(candidate.text)) candidate.score *= OUT_OF_CONTEXT_WEIGHT;
  }

  const overlapping = candidates.filter((candidate) => candidate.lexical > 0);
  const isSemanticMatch = topScore >= SEMANTIC_MATCH_SCORE;
  // `chosen` is the evidence the confidence is measured on; the reply says the best of it.
  let chosen: Candidate[];
  if (overlapping.length > 0) {
    chosen = readingOrder(selectSentences(overlapping, options.maxSentences));
  } else if (isSemanticMatch) {
    // No shared word but a strong retrieval match: trust the best passage's opening.
    chosen = candidates.filter((candidate) => candidate.passageRank === 0).slice(0, options.maxSentences);
  } else {
    return none;
  }

  const chosenTerms = new Set(chosen.flatMap((candidate) => [...candidate.terms]));
  const weightedCoverage = share(chosenTerms, question, questionWeight);
  // Words the knowledge never uses ("news", a product nickname) weigh most in the coverage, so a
  // short question can also count as relevant by covering most of the words the knowledge knows.
  const known = new Set([...question].filter((term) => documentFrequency.has(term)));
  const knownCoverage = coverage(known, chosenTerms);
  const isRelevant = isSemanticMatch || weightedCoverage >= MIN_RELEVANT_COVERAGE || knownCoverage >= MIN_KNOWN_COVERAGE;
  if (!isRelevant) return { ...none, evidence: { ...none.evidence, topScore: round(topScore), weightedCoverage: round(weightedCoverage) } };

  // The confidence keeps reading the whole evidence, as the decision's cuts were calibrated on it;
  // a shorter reply is a matter of style, not of how well the knowledge answers.
  const passageOf = (candidate: Candidate): AnswerPassage => ranked[candidate.passageRank] as AnswerPassage;
  const usedTop = Math.max(...chosen.map((candidate) => clampScore(passageOf(candidate).score)));
  const lexicalCoverage = coverage(question, chosenTerms);
  const confidence = Math.min(OFFLINE_CONFIDENCE_CAP, 0.5 * usedTop + 0.5 * lexicalCoverage);
  const isTwoPart = TWO_PART_QUESTION.test(options.question) || splitSentences(options.question).filter((sentence) => sentence.trim().endsWith('?')).length > 1;
  const newPart = (candidate: Candidate, said: ReadonlySet<string>): number =>
    isTwoPart ? share(candidate.terms, new Set([...asked].filter((term) => !said.has(term))), askedWeight) : 0;
  const reply = procedureOf(chosen[0], candidates, options.maxWords ?? Infinity) ?? readingOrder(replySentences(chosen, options.maxWords ?? Infinity, newPart));
  const sources = reply.map(passageOf);
  const used = [...new Set(sources)];
  return {
    sentences: reply.map((candidate) => candidate.text),
    evidenceSentences: chosen.map((candidate) => candidate.text),
    leadCoverage: round(reply[0] ? share(reply[0].terms, asked, askedWeight) : 0),
    leadHoldsFocus: reply[0] !== undefined && holdsFocus(reply[0].terms, asked, idf),
    sources,
    used,
    confidence: round(confidence),
    evidence: { topScore: round(usedTop), coverage: round(lexicalCoverage), weightedCoverage: round(weightedCoverage), isRelevant },
  };
}

/**
 * When the best sentence is a step of a numbered list, the reply is the procedure: its steps in
 * order, from the first, as long as they fit PROCEDURE_LENGTH × `maxWords` (the lead always stays).
 */
function procedureOf(lead: Candidate | undefined, candidates: readonly Candidate[], maxWords: number): Candidate[] | undefined {
  if (!lead || lead.steps === 0) return undefined;
  const steps = candidates
    .filter((candidate) => candidate.passageRank === lead.passageRank && candidate.steps === lead.steps)
    .sort((a, b) => a.position - b.position);
  const procedure: Candidate[] = [];
  let words = 0;
  for (const step of steps) {
    const length = wordCount(step.text);
    if (step !== lead && words + length > PROCEDURE_LENGTH * maxWords) {
      if (procedure.includes(lead)) break;
      continue;
    }
    procedure.push(step);
    words += length;
  }
  return procedure;
}

/** How much a name the customer wrote counts beside the other words of the question. */
const NAME_WEIGHT = 0.5;
const NAME_INSIDE_SENTENCE = /(?<=[\p{L}\p{N},;:]\s+)\p{Lu}\p{Ll}[\p{L}\p{N}'’-]*/gu;

/**
 * The question's terms it writes as names: capitalised inside a sentence ("Visa", "Reno"), not an
 * acronym ("VAT", "UK", which are what is asked). None when the question holds nothing else.
 */
function namedTerms(message: string, question: ReadonlySet<string>): Set<string> {
  const named = new Set([...message.matchAll(NAME_INSIDE_SENTENCE)].flatMap((match) => contentTerms(match[0])));
  return [...question].some((term) => !named.has(term)) ? named : new Set();
}

/** Whether `terms` hold one of the asked terms of the highest IDF (the question's most specific word). */
function holdsFocus(terms: ReadonlySet<string>, asked: ReadonlySet<string>, idf: (term: string) => number): boolean {
  const focus = Math.max(...[...asked].map(idf));
  return [...asked].some((term) => idf(term) >= focus - 1e-9 && terms.has(term));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
