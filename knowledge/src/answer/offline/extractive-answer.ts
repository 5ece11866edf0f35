import { contentTerms, coverage, splitSentences, stripMarkdown, termSet, terminate } from '../text/text-tools.js';
import type { AnswerPassage } from '../types.js';

/**
 * The offline answer: sentences lifted from the best passages, chosen by how well they overlap
 * the customer's question, kept in passage order so they read as one explanation.
 *
 * Confidence (0..1) is defined as
 *   0.5 × retrieval score of the best passage used (clamped to 0..1)
 * + 0.5 × lexical coverage: the share of the question's content terms (stop words removed, light
 *         stemming) that appear in the chosen sentences,
 * capped at 0.9 because extraction cannot check that the sentences really answer the question.
 * No passages → 0. A question with no content terms ("hi!") can reach at most 0.45.
 */
export interface ExtractiveAnswer {
  /** The chosen sentences, in reading order. */
  sentences: string[];
  /** Passages the sentences come from, best first: these are the citations. */
  used: AnswerPassage[];
  confidence: number;
  /** The parts of the confidence, for logs and tuning. */
  evidence: { topScore: number; coverage: number };
}

export interface ExtractOptions {
  question: string;
  passages: readonly AnswerPassage[];
  maxSentences: number;
  /** How many of the best passages sentences may come from (default 3). */
  maxPassages?: number;
}

export const OFFLINE_CONFIDENCE_CAP = 0.9;
const MIN_WORDS = 4;

interface Candidate {
  text: string;
  passageRank: number;
  position: number;
  terms: Set<string>;
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

export function extractAnswer(options: ExtractOptions): ExtractiveAnswer {
  const ranked = rankPassages(options.passages).slice(0, options.maxPassages ?? 3);
  if (ranked.length === 0) return { sentences: [], used: [], confidence: 0, evidence: { topScore: 0, coverage: 0 } };

  const question = termSet(options.question);
  const candidates: Candidate[] = [];
  ranked.forEach((passage, passageRank) => {
    splitSentences(stripMarkdown(passage.content)).forEach((text, position) => {
      const isProse = text.split(/\s+/).length >= MIN_WORDS && text.trim() !== passage.title.trim();
      if (isProse) candidates.push({ text: terminate(text), passageRank, position, terms: new Set(contentTerms(text)), score: 0 });
    });
  });

  // IDF over the candidate sentences: a term in every sentence says little about which one answers.
  const documentFrequency = new Map<string, number>();
  for (const candidate of candidates) for (const term of candidate.terms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const idf = (term: string): number => Math.log(1 + candidates.length / (documentFrequency.get(term) ?? 0.5));
  const questionWeight = [...question].reduce((sum, term) => sum + idf(term), 0);

  for (const candidate of candidates) {
    let matched = 0;
    for (const term of question) if (candidate.terms.has(term)) matched += idf(term);
    const lexical = questionWeight > 0 ? matched / questionWeight : 0;
    const passage = ranked[candidate.passageRank] as AnswerPassage;
    candidate.score = lexical + 0.15 * clampScore(passage.score) + 0.05 / (1 + candidate.position) - 0.03 * candidate.passageRank;
  }

  const overlapping = candidates.filter((candidate) => [...question].some((term) => candidate.terms.has(term)));
  // No lexical overlap: the retriever matched on meaning, so trust its best passage's opening.
  const pool = overlapping.length > 0 ? overlapping : candidates.filter((candidate) => candidate.passageRank === 0);
  const chosen = [...pool]
    .sort((a, b) => b.score - a.score)
    .slice(0, options.maxSentences)
    .sort((a, b) => a.passageRank - b.passageRank || a.position - b.position);
  if (overlapping.length === 0) chosen.sort((a, b) => a.position - b.position);

  const usedRanks = [...new Set(chosen.map((candidate) => candidate.passageRank))].sort((a, b) => a - b);
  const used = usedRanks.map((rank) => ranked[rank] as AnswerPassage);
  const sentences = chosen.map((candidate) => candidate.text);
  const topScore = used.length > 0 ? Math.max(...used.map((passage) => clampScore(passage.score))) : 0;
  const lexicalCoverage = coverage(question, termSet(sentences.join(' ')));
  const confidence = used.length === 0 ? 0 : Math.min(OFFLINE_CONFIDENCE_CAP, 0.5 * topScore + 0.5 * lexicalCoverage);
  return { sentences, used, confidence: round(confidence), evidence: { topScore: round(topScore), coverage: round(lexicalCoverage) } };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
