/**
 * A question shows a gap in the knowledge base when nothing was retrieved for it, or the agent
 * handed it off because the knowledge found does not answer it. A draft held back for an agent
 * (the answer was found, but not surely enough to send on its own) is not a gap, nor is a hand-off
 * for another reason (a blocked topic, a request for a person, thanks that need no answer).
 */
export function lacksKnowledge(input: { passages: number; guardrails: readonly string[] }): boolean {
  return input.passages === 0 || input.guardrails.some((rule) => rule === 'no-knowledge' || rule === 'very-low-confidence');
}

/** One question the agent could not answer from the knowledge base. */
export interface GapQuestion {
  ticketExternalId: string;
  subject: string;
  channel: string;
  question: string;
}

/** Questions about the same thing, named by the words they share most. */
export interface GapTopic {
  /** The topic's top terms, e.g. "gift · card · expire". */
  topic: string;
  terms: string[];
  /** What to search the knowledge base for (the top terms). */
  query: string;
  questions: GapQuestion[];
}

const WORD = /[\p{L}\p{N}]+/gu;
// Words every support question has: they say nothing about its topic.
const STOP = new Set(
  `a about above after again all also am an and any are as at be because been before being below between both but by can cannot could did do does doing done
   down during each few for from further get got had has have having he her here hers him his how i if in into is it its just know let like me more most my
   need no nor not now of off on once only or other our out over own please same she should so some still such than thank thanks that the their them then there
   these they this those through to too under until up us very want was we were what when where which while who why will with would yes yet you your hi hello hey
   dear regards cheers ok okay one two im ive dont cant wont didnt doesnt isnt youre thats theres whats hasnt havent wasnt able help question wondering anyone team
   again already back make made way today yesterday tomorrow since ago day days week still really much many well supposed keep keeps getting
   everywhere else right wrong said says thing things use used using`.split(/\s+/),
);
/** Two questions are one topic when their weighted terms overlap at least this much (cosine). */
const SAME_TOPIC = 0.3;
const TOPIC_TERMS = 3;

/** A light stem, so "refunds" and "refund" are one term. */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

/** The content terms of a question (its ticket's subject included), each counted. */
export function topicTerms(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of text.toLowerCase().replace(/['’]/g, '').match(WORD) ?? []) {
    if (word.length < 3 || STOP.has(word) || /^\d+$/.test(word)) continue;
    const term = stem(word);
    counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return counts;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  for (const [term, weight] of a) dot += weight * (b.get(term) ?? 0);
  if (dot === 0) return 0;
  const norm = (vector: Map<string, number>) => Math.sqrt([...vector.values()].reduce((sum, weight) => sum + weight * weight, 0));
  return dot / (norm(a) * norm(b));
}

/**
 * Groups the questions the knowledge base could not answer by topic: tf-idf vectors of their
 * content words (subject and question), joined when their cosine reaches `SAME_TOPIC` (single
 * link), each group named by its heaviest terms. Largest topics first; deterministic.
 *
 * @example
 * groupGaps([{ question: 'Do gift cards expire?', … }, { question: 'When does my gift card expire', … }])
 * // [{ topic: 'gift · card · expire', questions: [both] }]
 */
export function groupGaps(questions: readonly GapQuestion[]): GapTopic[] {
  const counted = questions.map((question) => topicTerms(`${question.subject} ${question.question}`));
  const documentFrequency = new Map<string, number>();
  for (const terms of counted) for (const term of terms.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const idf = (term: string) => Math.log((questions.length + 1) / ((documentFrequency.get(term) ?? 0) + 1)) + 1;
  const vectors = counted.map((terms) => new Map([...terms].map(([term, count]) => [term, count * idf(term)])));

  const parent = questions.map((_, index) => index);
  const root = (index: number): number => {
    while (parent[index] !== index) index = parent[index] = parent[parent[index] as number] as number;
    return index;
  };
  for (let i = 0; i < vectors.length; i++) {
    for (let j = i + 1; j < vectors.length; j++) {
      if (cosine(vectors[i] as Map<string, number>, vectors[j] as Map<string, number>) >= SAME_TOPIC) parent[root(j)] = root(i);
    }
  }
  const groups = new Map<number, number[]>();
  for (const index of questions.keys()) groups.set(root(index), [...(groups.get(root(index)) ?? []), index]);

  const subjects = questions.map((question) => topicTerms(question.subject));
  const topics = [...groups.values()].map((members) => {
    const weights = new Map<string, { weight: number; questions: number; subjects: number }>();
    for (const index of members) {
      for (const [term, weight] of vectors[index] as Map<string, number>) {
        const entry = weights.get(term) ?? { weight: 0, questions: 0, subjects: 0 };
        weights.set(term, { weight: entry.weight + weight, questions: entry.questions + 1, subjects: entry.subjects + ((subjects[index] as Map<string, number>).has(term) ? 1 : 0) });
      }
    }
    // Terms more of the group's questions share come first; then those their subjects use (a
    // subject names the matter in a few words); then the heavier; then by name, for a stable order.
    const terms = [...weights]
      .sort(([a, x], [b, y]) => y.questions - x.questions || y.subjects - x.subjects || y.weight - x.weight || a.localeCompare(b))
      .slice(0, TOPIC_TERMS)
      .map(([term]) => term);
    return { topic: terms.length > 0 ? terms.join(' · ') : 'other', terms, query: terms.join(' '), questions: members.map((index) => questions[index] as GapQuestion) };
  });
  return topics.sort((a, b) => b.questions.length - a.questions.length || a.topic.localeCompare(b.topic));
}
