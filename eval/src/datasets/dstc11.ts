import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceDocument } from '@threadline/knowledge';
import { EvalError, EvalErrorCode } from '../errors.js';
import { chatHistory, chatSubject, ticketQuery } from './conversation.js';
import type { EscalationView, RetrievalQuery, RetrievalView } from './types.js';

/**
 * DSTC11 track 5 (knowledge-grounded hotel and restaurant dialogues), read as the README in
 * ../shared/datasets/dstc11-track5-kgd describes it. Every snippet (one FAQ, or one review
 * sentence) is one knowledge document whose external id is the snippet key
 * `domain/entity_id/doc_type/doc_id[/sent_id]`, so gold labels compare with retrieved documents.
 */

interface Entity {
  name: string;
  faqs: Record<string, { question: string; answer: string }>;
  reviews: Record<string, { traveler_type?: string; sentences: Record<string, string> }>;
}
type Knowledge = Record<string, Record<string, Entity>>;

interface KnowledgeRef {
  domain: string;
  entity_id: number;
  doc_type: 'faq' | 'review';
  doc_id: number;
  sent_id?: number;
}

export interface Dstc11Instance {
  id: string;
  dialogue_key: string;
  turns: Array<{ speaker: 'U' | 'S'; text: string }>;
  target: boolean;
  knowledge?: KnowledgeRef[];
  response?: string;
}

export interface Dstc11Data {
  knowledge: Knowledge;
  instances: Dstc11Instance[];
}

export function loadDstc11(datasetsDir: string): Dstc11Data {
  const dir = join(datasetsDir, 'dstc11-track5-kgd');
  try {
    const knowledge = JSON.parse(readFileSync(join(dir, 'knowledge.json'), 'utf8')) as Knowledge;
    const instances = readFileSync(join(dir, 'dev.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .map((line) => JSON.parse(line) as Dstc11Instance);
    return { knowledge, instances };
  } catch (error) {
    throw new EvalError(EvalErrorCode.datasetInvalid, `Could not read dstc11 from ${dir}`, { dir }, error);
  }
}

export function snippetKey(ref: KnowledgeRef): string {
  const base = `${ref.domain}/${ref.entity_id}/${ref.doc_type}/${ref.doc_id}`;
  return ref.doc_type === 'review' ? `${base}/${ref.sent_id}` : base;
}

/** `hotel/20` for a snippet key or a knowledge reference. */
function entityKey(domain: string, entityId: string | number): string {
  return `${domain}/${entityId}`;
}

const document = (externalId: string, title: string, sectionPath: string[], markdown: string): SourceDocument => ({
  externalId,
  title,
  url: null,
  locale: 'en',
  visibility: 'public',
  updatedAt: null,
  sectionPath,
  markdown,
});

/** Every FAQ as a document: the entity above it, the question as title, the answer as body. */
export function faqDocuments(knowledge: Knowledge, entities?: ReadonlySet<string>): SourceDocument[] {
  const documents: SourceDocument[] = [];
  for (const [domain, byId] of Object.entries(knowledge)) {
    for (const [entityId, entity] of Object.entries(byId)) {
      if (entities && !entities.has(entityKey(domain, entityId))) continue;
      for (const [faqId, faq] of Object.entries(entity.faqs)) {
        documents.push(document(`${domain}/${entityId}/faq/${faqId}`, faq.question, [entity.name], faq.answer));
      }
    }
  }
  return documents;
}

function reviewTitle(review: Entity['reviews'][string]): string {
  return review.traveler_type ? `Review by ${review.traveler_type.toLowerCase()}` : 'Review';
}

/** Every review sentence as a document (the unit the gold labels name). */
export function reviewSentenceDocuments(knowledge: Knowledge, entities?: ReadonlySet<string>): SourceDocument[] {
  const documents: SourceDocument[] = [];
  for (const [domain, byId] of Object.entries(knowledge)) {
    for (const [entityId, entity] of Object.entries(byId)) {
      if (entities && !entities.has(entityKey(domain, entityId))) continue;
      for (const [reviewId, review] of Object.entries(entity.reviews)) {
        for (const [sentId, sentence] of Object.entries(review.sentences)) {
          documents.push(document(`${domain}/${entityId}/review/${reviewId}/${sentId}`, reviewTitle(review), [entity.name], sentence));
        }
      }
    }
  }
  return documents;
}

/** Every review whole, as one document of several sentences (for the chunk-size sweep). */
export function reviewDocuments(knowledge: Knowledge, entities?: ReadonlySet<string>): SourceDocument[] {
  const documents: SourceDocument[] = [];
  for (const [domain, byId] of Object.entries(knowledge)) {
    for (const [entityId, entity] of Object.entries(byId)) {
      if (entities && !entities.has(entityKey(domain, entityId))) continue;
      for (const [reviewId, review] of Object.entries(entity.reviews)) {
        documents.push(document(`${domain}/${entityId}/review/${reviewId}`, reviewTitle(review), [entity.name], Object.values(review.sentences).join(' ')));
      }
    }
  }
  return documents;
}

/**
 * Every hotel or restaurant as one long help-center-like article: its FAQs (question as heading,
 * answer below) and then its reviews, one subsection each. The documents a chunker really cuts.
 */
export function entityArticleDocuments(knowledge: Knowledge, entities?: ReadonlySet<string>): SourceDocument[] {
  const documents: SourceDocument[] = [];
  for (const [domain, byId] of Object.entries(knowledge)) {
    for (const [entityId, entity] of Object.entries(byId)) {
      if (entities && !entities.has(entityKey(domain, entityId))) continue;
      const faqs = Object.values(entity.faqs).map((faq) => `### ${faq.question}\n\n${faq.answer}`);
      const reviews = Object.entries(entity.reviews).map(([reviewId, review]) => `### ${reviewTitle(review)} (${reviewId})\n\n${Object.values(review.sentences).join(' ')}`);
      const markdown = [`## Questions and answers`, ...faqs, `## Reviews`, ...reviews].join('\n\n');
      documents.push(document(entityKey(domain, entityId), entity.name, [domain], markdown));
    }
  }
  return documents;
}

/** The text of a snippet: an FAQ's answer, or one review sentence. */
function snippetText(knowledge: Knowledge, ref: KnowledgeRef): string | undefined {
  const entity = knowledge[ref.domain]?.[String(ref.entity_id)];
  if (!entity) return undefined;
  if (ref.doc_type === 'faq') return entity.faqs[String(ref.doc_id)]?.answer;
  return entity.reviews[String(ref.doc_id)]?.sentences[String(ref.sent_id)];
}

function normalizeName(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\b(the|hotel|restaurant|guest ?house)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;
}

/**
 * The eval's own entity finder, kept only for the legacy figure (`legacyQuery`): the hotel or
 * restaurant named most recently in the turns, by a whole-word match of its name with "the",
 * "hotel", "restaurant" and "guesthouse" ignored. The product's queries never use it: they are
 * built by `buildConversationQuery` with the finder the product makes from the indexed knowledge.
 */
export function createEntityFinder(knowledge: Knowledge): (turns: ReadonlyArray<{ text: string }>) => { key: string; name: string } | undefined {
  const names: Array<{ key: string; name: string; pattern: string }> = [];
  for (const [domain, byId] of Object.entries(knowledge)) {
    for (const [entityId, entity] of Object.entries(byId)) {
      const pattern = normalizeName(entity.name);
      if (pattern.trim().length >= 3) names.push({ key: entityKey(domain, entityId), name: entity.name, pattern });
    }
  }
  // Longer names first, so "the lensfield hotel" wins over a shorter name it contains.
  names.sort((a, b) => b.pattern.length - a.pattern.length);
  return (turns) => {
    for (let index = turns.length - 1; index >= 0; index--) {
      const text = normalizeName(turns[index]?.text ?? '');
      let best: { key: string; name: string; at: number; length: number } | undefined;
      for (const entry of names) {
        const at = text.lastIndexOf(entry.pattern);
        if (at >= 0 && (!best || at > best.at || (at === best.at && entry.pattern.length > best.length))) best = { key: entry.key, name: entry.name, at, length: entry.pattern.length };
      }
      if (best) return { key: best.key, name: best.name };
    }
    return undefined;
  };
}

export interface Dstc11Views {
  faq: RetrievalView;
  full: RetrievalView;
  /** FAQs plus whole reviews (several sentences each): the corpus the chunk-size sweep cuts. */
  reviewsWhole: RetrievalView;
  /**
   * One long article per hotel or restaurant (its FAQs, then its reviews) with the full view's
   * turns; gold = the cited snippets' text, found when it is inside the passages an answer reads.
   */
  entityArticles: RetrievalView;
  route: EscalationView;
  /** Share of knowledge-seeking turns whose entity (the eval's finder, legacy query) is a gold entity. */
  entityAccuracy: { correct: number; total: number };
}

export interface Dstc11Subset {
  /** Entities in the corpus; queries are kept only when all their gold entities are in it. */
  entities: ReadonlySet<string>;
  maxFaqQueries: number;
  maxFullQueries: number;
  maxRouteCases: number;
  /**
   * Route cases: `sample` (default) takes `maxRouteCases` turns, half knowledge-seeking; `dialogues`
   * takes every turn of the dialogues whose knowledge-seeking turns all cite the subset's entities,
   * so each turn is decided against the knowledge its conversation is about (the decision fit).
   */
  route?: 'sample' | 'dialogues';
}

/** The deterministic `--quick` subset: the entities of the first knowledge-seeking turns, and a few dozen questions. */
export function quickDstc11Subset(data: Dstc11Data): Dstc11Subset {
  const entities = new Set<string>();
  for (const instance of [...data.instances].sort((a, b) => a.id.localeCompare(b.id))) {
    if (!instance.target || !instance.knowledge?.some((ref) => ref.doc_type === 'faq')) continue;
    for (const ref of instance.knowledge) entities.add(entityKey(ref.domain, ref.entity_id));
    if (entities.size >= 8) break;
  }
  return { entities, maxFaqQueries: 25, maxFullQueries: 40, maxRouteCases: 60 };
}

/**
 * The benchmark views of dstc11:
 * - `dstc11-faq`: the turns citing at least one FAQ; corpus = every FAQ; gold = the cited FAQs;
 * - `dstc11-full`: every knowledge-seeking turn; corpus = every FAQ and review sentence; gold = all cited snippets;
 * - `dstc11-reviews-whole`: the full view's turns against FAQs and whole reviews (a review is
 *   relevant when one of its sentences is gold): the documents long enough to be chunked;
 * - `dstc11-route`: every turn; a turn with `target == false` needs no knowledge answer (gold escalate).
 */
export function dstc11Views(data: Dstc11Data, options: { subset?: Dstc11Subset; tenantPrefix: string }): Dstc11Views {
  const { knowledge } = data;
  const subset = options.subset;
  const findEntity = createEntityFinder(knowledge);
  const faqs = faqDocuments(knowledge, subset?.entities);
  const sentences = reviewSentenceDocuments(knowledge, subset?.entities);
  const reviews = reviewDocuments(knowledge, subset?.entities);
  const instances = [...data.instances].sort((a, b) => a.id.localeCompare(b.id));
  const inSubset = (instance: Dstc11Instance): boolean =>
    !subset || (instance.knowledge ?? []).every((ref) => subset.entities.has(entityKey(ref.domain, ref.entity_id)));

  let correct = 0;
  let total = 0;
  // The ticket as a helpdesk holds a chat: a made-up subject, the earlier turns as its history.
  const conversation = (instance: Dstc11Instance) => {
    const last = instance.turns.at(-1);
    if (!last || last.speaker !== 'U') throw new EvalError(EvalErrorCode.datasetInvalid, `dstc11 instance ${instance.id} does not end with a customer turn`, { id: instance.id });
    const subject = chatSubject(instance.dialogue_key);
    return {
      id: instance.id,
      subject,
      ticketRef: instance.dialogue_key,
      latestMessage: last.text,
      history: chatHistory(
        instance.turns.slice(0, -1).map((turn) => ({ isCustomer: turn.speaker === 'U', text: turn.text })),
        { ticketRef: instance.dialogue_key, subject },
      ),
    };
  };

  const faqQueries: RetrievalQuery[] = [];
  const fullQueries: RetrievalQuery[] = [];
  const wholeQueries: RetrievalQuery[] = [];
  const articleQueries: RetrievalQuery[] = [];
  for (const instance of instances) {
    if (!instance.target || !instance.knowledge || instance.knowledge.length === 0 || !inSubset(instance)) continue;
    const entity = findEntity(instance.turns);
    const last = instance.turns.at(-1)?.text ?? '';
    const base = { ...conversation(instance), legacyQuery: ticketQuery(entity?.name ?? '', last) };
    total += 1;
    if (entity && instance.knowledge.some((ref) => entityKey(ref.domain, ref.entity_id) === entity.key)) correct += 1;
    const reference = instance.response ? { reference: instance.response } : {};
    const gold = new Set(instance.knowledge.map(snippetKey));
    const faqGold = new Set(instance.knowledge.filter((ref) => ref.doc_type === 'faq').map(snippetKey));
    const wholeGold = new Set(instance.knowledge.map((ref) => `${ref.domain}/${ref.entity_id}/${ref.doc_type}/${ref.doc_id}`));
    fullQueries.push({ ...base, gold, ...reference });
    wholeQueries.push({ ...base, gold: wholeGold, ...reference });
    const goldTexts = instance.knowledge.map((ref) => snippetText(knowledge, ref)).filter((text): text is string => Boolean(text?.trim()));
    if (goldTexts.length > 0) {
      articleQueries.push({ ...base, gold: new Set(instance.knowledge.map((ref) => entityKey(ref.domain, ref.entity_id))), goldTexts, ...reference });
    }
    if (faqGold.size > 0) faqQueries.push({ ...base, gold: faqGold, ...reference });
  }

  const routeInstances = !subset ? instances : subset.route === 'dialogues' ? dialoguesWithin(instances, inSubset) : routeSample(instances.filter(inSubset), subset.maxRouteCases);
  const faqList = subset ? faqQueries.slice(0, subset.maxFaqQueries) : faqQueries;
  const fullList = subset ? fullQueries.slice(0, subset.maxFullQueries) : fullQueries;
  const wholeList = subset ? wholeQueries.slice(0, subset.maxFullQueries) : wholeQueries;
  const articleList = subset ? articleQueries.slice(0, subset.maxFullQueries) : articleQueries;
  const articles = entityArticleDocuments(knowledge, subset?.entities);
  const tenant = `${options.tenantPrefix}dstc11`;
  const faqSource = { name: 'faqs', documents: faqs };
  const label = subset ? ' (quick subset)' : '';
  return {
    faq: {
      id: 'dstc11-faq',
      title: `dstc11 FAQ view${label}`,
      description: `${faqList.length} turns that cite an FAQ; corpus = ${faqs.length} FAQs; gold = the cited FAQs`,
      tenant,
      sources: [faqSource],
      queries: faqList,
    },
    full: {
      id: 'dstc11-full',
      title: `dstc11 full view${label}`,
      description: `${fullList.length} knowledge-seeking turns; corpus = ${faqs.length + sentences.length} snippets (FAQs + review sentences); gold = every cited snippet`,
      tenant,
      sources: [faqSource, { name: 'review-sentences', documents: sentences }],
      queries: fullList,
    },
    reviewsWhole: {
      id: 'dstc11-reviews-whole',
      title: `dstc11 whole reviews${label}`,
      description: `${wholeList.length} knowledge-seeking turns (the full view's); corpus = ${faqs.length} FAQs + ${reviews.length} whole reviews; gold = the FAQs and reviews containing a cited snippet`,
      tenant: `${tenant}-whole`,
      sources: [faqSource, { name: 'reviews', documents: reviews }],
      queries: wholeList,
    },
    entityArticles: {
      id: 'dstc11-entity-articles',
      title: `dstc11 entity articles${label}`,
      description: `${articleList.length} knowledge-seeking turns (the full view's); corpus = ${articles.length} articles, one per hotel or restaurant (its FAQs, then its reviews); gold = the cited snippets' text inside the answer's passages`,
      tenant: `${tenant}-articles`,
      sources: [{ name: 'entity-articles', documents: articles }],
      queries: articleList,
    },
    route: {
      id: 'dstc11-route',
      title: `dstc11 route decision${label}`,
      description: `${routeInstances.length} turns; gold escalate = target false (the turn needs no knowledge answer), answer = target true`,
      cases: routeInstances.map((instance) => ({
        ...conversation(instance),
        shouldEscalate: !instance.target,
        category: instance.target ? 'knowledge-seeking' : 'no-knowledge-needed',
        viewId: 'dstc11-full',
      })),
    },
    entityAccuracy: { correct, total },
  };
}

/** Every turn of the dialogues that seek knowledge and only about the subset's entities. */
function dialoguesWithin(instances: Dstc11Instance[], inSubset: (instance: Dstc11Instance) => boolean): Dstc11Instance[] {
  const seeking = new Set(instances.filter((instance) => instance.target).map((instance) => instance.dialogue_key));
  const outside = new Set(instances.filter((instance) => !inSubset(instance)).map((instance) => instance.dialogue_key));
  return instances.filter((instance) => seeking.has(instance.dialogue_key) && !outside.has(instance.dialogue_key));
}

/** Half knowledge-seeking, half not, in id order. */
function routeSample(instances: Dstc11Instance[], size: number): Dstc11Instance[] {
  const seeking = instances.filter((instance) => instance.target).slice(0, Math.ceil(size / 2));
  const other = instances.filter((instance) => !instance.target).slice(0, Math.floor(size / 2));
  return [...seeking, ...other].sort((a, b) => a.id.localeCompare(b.id));
}
