import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceDocument } from '@threadline/knowledge';
import { EvalError, EvalErrorCode } from '../errors.js';
import { chatHistory } from './conversation.js';
import type { EscalationView, RetrievalView } from './types.js';

/**
 * HINT3 (real messages to three production support bots), read as the README in
 * ../shared/datasets/hint3 describes it. The knowledge base of a bot is one article per intent,
 * made of the intent's example phrasings from the train file; a test message is answered from it
 * or handed to a person.
 */

export const HINT3_BOTS = ['sofmattress', 'curekart', 'powerplay11'] as const;
export type Hint3Bot = (typeof HINT3_BOTS)[number];

/** The label of messages no intent covers. */
export const OUT_OF_SCOPE = 'NO_NODES_DETECTED';

/** Intents where the customer asks for a person or a phone number: gold escalate, though in scope. */
export const AGENT_REQUEST_INTENTS: ReadonlySet<string> = new Set(['CHAT_WITH_AGENT', 'CALL_CENTER', 'CHAT_WITH_AN_AGENT', 'CONTACT_NUMBER']);

export interface Hint3Row {
  id: string;
  sentence: string;
  label: string;
}

export interface Hint3BotData {
  bot: Hint3Bot;
  train: Hint3Row[];
  test: Hint3Row[];
}

/** Parses the dataset's CSV: `id,sentence,label`, with RFC 4180 quoting for sentences that hold commas or quotes. */
export function parseHint3Csv(text: string, file: string): Hint3Row[] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let isQuoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (isQuoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') isQuoted = false;
      else field += char;
    } else if (char === '"') isQuoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      row.push(field);
      if (row.some((cell) => cell.length > 0)) rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  if (!header || header.join(',') !== 'id,sentence,label') {
    throw new EvalError(EvalErrorCode.datasetInvalid, `${file} does not start with the header id,sentence,label`, { file });
  }
  return body.map((cells, line) => {
    if (cells.length !== 3) throw new EvalError(EvalErrorCode.datasetInvalid, `${file} line ${line + 2} has ${cells.length} fields`, { file, line: line + 2 });
    const [id, sentence, label] = cells as [string, string, string];
    return { id, sentence, label };
  });
}

export function loadHint3(datasetsDir: string): Hint3BotData[] {
  const dir = join(datasetsDir, 'hint3');
  return HINT3_BOTS.map((bot) => {
    const read = (file: string) => {
      try {
        return parseHint3Csv(readFileSync(join(dir, file), 'utf8'), file);
      } catch (error) {
        if (error instanceof EvalError) throw error;
        throw new EvalError(EvalErrorCode.datasetInvalid, `Could not read ${join(dir, file)}`, { file }, error);
      }
    };
    return { bot, train: read(`${bot}_train.csv`), test: read(`${bot}_test_dev.csv`) };
  });
}

/** `ORDER_TAKING` → `Order taking`. */
export function intentTitle(label: string): string {
  const words = label.toLowerCase().split(/[_\s]+/).filter((word) => word.length > 0);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One article per intent: its title, then its example phrasings as a list, in file order. */
export function intentArticles(bot: Hint3BotData): SourceDocument[] {
  const byIntent = new Map<string, string[]>();
  for (const row of bot.train) {
    const list = byIntent.get(row.label) ?? [];
    list.push(row.sentence.trim());
    byIntent.set(row.label, list);
  }
  return [...byIntent].map(([label, sentences]) => ({
    externalId: label,
    title: intentTitle(label),
    url: null,
    locale: 'en',
    visibility: 'public',
    updatedAt: null,
    sectionPath: [bot.bot],
    markdown: `Customers ask about this in messages such as:\n\n${sentences.map((sentence) => `- ${sentence}`).join('\n')}`,
  }));
}

export interface Hint3Views {
  /** One retrieval view per bot: in-scope test messages against the bot's intent articles. */
  retrieval: RetrievalView[];
  escalation: EscalationView;
}

/**
 * The hint3 benchmark: per bot, in-scope test rows rank the bot's intent articles (gold = the
 * row's intent); every test row is an escalation case (gold escalate = `NO_NODES_DETECTED` or an
 * agent-request intent). `quickRows` keeps the first rows of each bot (by id) for `--quick`.
 */
export function hint3Views(bots: readonly Hint3BotData[], options: { tenantPrefix: string; quickRows?: number }): Hint3Views {
  const retrieval: RetrievalView[] = [];
  const cases: EscalationView['cases'] = [];
  for (const bot of bots) {
    const articles = intentArticles(bot);
    const intents = new Set(articles.map((article) => article.externalId));
    const rows = [...bot.test].sort((a, b) => a.id.localeCompare(b.id)).slice(0, options.quickRows ?? bot.test.length);
    const viewId = `hint3-${bot.bot}`;
    const conversation = (row: Hint3Row) => ({
      id: row.id,
      subject: '',
      ticketRef: row.id,
      latestMessage: row.sentence,
      history: chatHistory([{ isCustomer: true, text: row.sentence }], { ticketRef: row.id, subject: '' }),
    });
    const inScope = rows.filter((row) => row.label !== OUT_OF_SCOPE);
    for (const row of inScope) {
      if (!intents.has(row.label)) throw new EvalError(EvalErrorCode.datasetInvalid, `hint3 ${row.id} has intent ${row.label}, which ${bot.bot}_train.csv does not define`, { id: row.id });
    }
    retrieval.push({
      id: viewId,
      title: `hint3 ${bot.bot}${options.quickRows ? ' (quick subset)' : ''}`,
      description: `${inScope.length} in-scope test messages; corpus = ${articles.length} intent articles; gold = the message's intent`,
      tenant: `${options.tenantPrefix}hint3-${bot.bot}`,
      sources: [{ name: 'intents', documents: articles }],
      queries: inScope.map((row) => ({ ...conversation(row), gold: new Set([row.label]) })),
    });
    for (const row of rows) {
      const isOut = row.label === OUT_OF_SCOPE;
      const isAgent = AGENT_REQUEST_INTENTS.has(row.label);
      cases.push({ ...conversation(row), shouldEscalate: isOut || isAgent, category: isOut ? 'out-of-scope' : isAgent ? 'agent-request' : 'in-scope', viewId });
    }
  }
  return {
    retrieval,
    escalation: {
      id: 'hint3-escalation',
      title: `hint3 escalation${options.quickRows ? ' (quick subset)' : ''}`,
      description: `${cases.length} test messages of 3 bots; gold escalate = ${OUT_OF_SCOPE} or an agent-request intent (${[...AGENT_REQUEST_INTENTS].join(', ')})`,
      cases,
    },
  };
}
