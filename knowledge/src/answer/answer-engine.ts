import type { TSchema } from 'typebox';
import type { AnswerModel, ModelCallObserver, ModelCallOptions } from './answer-model.js';
import { createClaudeAnswerModel, type ClaudeConfig } from './claude/claude-answer-model.js';
import { citedPassageIds } from './citations/cite-documents.js';
import { createOpenAICompatibleAnswerModel, type OpenAICompatibleConfig } from './openai-compatible/openai-compatible-answer-model.js';
import { AnswerError, AnswerErrorCode, isAnswerError } from '../errors.js';
import { enforcePolicy, type AnswerProposal, type OutgoingCheckOptions } from './guardrails/enforce-policy.js';
import { createCanary } from './guardrails/outgoing/reply-leak.js';
import { flaggedPassageIds } from './guardrails/passage-injection.js';
import { answerOffline, type OfflineProposal } from './offline/offline-answer.js';
import { createPersonalDataCache, withRecognizedNames, type NameRecognizer } from '../redaction/index.js';
import { prepareModelInput, prepareSummaryInput, restoreCustomerName } from './privacy/prepare-model-input.js';
import { maskPersonalData } from './privacy/redact-text.js';
import { rewriteOffline } from './rewrite/rewrite-offline.js';
import { schemaProblems } from './schema-check.js';
import { summarizeHistory } from './summary/summarize-history.js';
import { detectLanguage } from './text/detect-language.js';
import { firstName } from './text/text-tools.js';
import {
  AnswerRequestSchema,
  AnswerResultSchema,
  RewriteRequestSchema,
  type AnswerPath,
  type AnswerRequest,
  type AnswerResult,
  type HistoryItem,
  type RewriteRequest,
  type RewriteResult,
  type SummaryResult,
} from './types.js';

/** The part of a pino logger the engine uses. */
export interface AnswerEngineLogger {
  warn(details: object, message: string): void;
}

export interface AnswerEngineOptions {
  /** Present → the model path with Claude; none of `anthropic`, `openaiCompatible`, `model` → the offline path. */
  anthropic?: ClaudeConfig;
  /** Present (and no `anthropic`) → the model path with an OpenAI-compatible chat endpoint (Ollama, vLLM, llama.cpp…). */
  openaiCompatible?: OpenAICompatibleConfig;
  /** Any other `AnswerModel`; takes precedence over `anthropic` and `openaiCompatible`. */
  model?: AnswerModel;
  /**
   * When the model fails (after the SDK's retries) or returns malformed output, answer offline and
   * say so in `guardrails` (`model-unavailable`, `model-output-invalid`) instead of throwing.
   * Default true: a ticket is never dropped because the model is down.
   */
  fallbackOnModelError?: boolean;
  /** Makes each answer request's canary (tests inject a fixed one); defaults to a random token. */
  createCanary?: () => string;
  /** The clock, for "yesterday" / "3 days ago" in summaries. */
  now?: () => Date;
  logger?: AnswerEngineLogger;
  /**
   * Told about every call the engine's model makes (duration, outcome, tokens), when the engine
   * builds the model from `anthropic` or `openaiCompatible`; a `model` brings its own reporting.
   */
  onModelCall?: ModelCallObserver;
  /**
   * Runs redaction's person-name recogniser (compromise, a few ms per message) for what a model is
   * sent: `createNameRecognizer()` runs it in a worker thread, so a server's event loop does not.
   * Absent → the calling thread runs it. The text the model sees is the same either way. The
   * caller owns it and closes it.
   */
  nameRecognizer?: NameRecognizer;
}

export interface SummarizeOptions extends ModelCallOptions {
  customerName?: string;
  /** BCP 47 locale of the history, for redaction (phone region, name recogniser). */
  locale?: string;
}

/** Options of one `answer()` call: the model call's, and who wants to see the decision's inputs. */
export interface AnswerCallOptions extends ModelCallOptions {
  /**
   * Told the path's proposal and the outgoing checks' inputs before the guardrails decide, so a
   * caller can decide again under another policy with `enforcePolicy` without asking the model
   * again (the server's replay compare). Only the policy may differ then: the proposal was made
   * for this request.
   */
  onProposal?: (proposal: AnswerProposal | OfflineProposal, checks: OutgoingCheckOptions) => void;
}

export interface AnswerEngine {
  /** Which path `answer()` takes first: the model's (`claude`, `openai`) or `offline`; `model` says which model. */
  readonly path: AnswerPath;
  readonly model: string | undefined;
  /** Drafts, replies or escalates one ticket. Never throws for model trouble unless `fallbackOnModelError` is false. */
  answer(request: AnswerRequest, options?: AnswerCallOptions): Promise<AnswerResult>;
  /** Rewrites an agent's draft (shorter / friendlier / more formal / translate). */
  rewrite(request: RewriteRequest, options?: ModelCallOptions): Promise<RewriteResult>;
  /** The customer's whole cross-channel history in 2–5 sentences. */
  summarize(history: HistoryItem[], options?: SummarizeOptions): Promise<SummaryResult>;
}

function assertValid<T>(schema: TSchema, value: unknown, what: string): asserts value is T {
  const problems = schemaProblems(schema, value);
  if (problems.length === 0) return;
  throw new AnswerError(AnswerErrorCode.invalidRequest, `Invalid ${what}: ${problems.join('; ')}`, { problems });
}

/**
 * Adds the offline path's per-passage sentences to the citations the guardrails kept, when those
 * sentences are still in the shaped reply (shaping may trim or redact them) or in the closest answer
 * a hand-off keeps for the agent; a holding reply has none.
 */
function withQuotes(result: AnswerResult, proposal: AnswerProposal | OfflineProposal): AnswerResult {
  if (!('quotes' in proposal)) return result;
  const said = result.closestAnswer ? `${result.replyText}\n${result.closestAnswer}` : result.replyText;
  const citations = result.citations.map((citation) => {
    // A document's sentences, from whichever of its chunks they were taken, in reply order.
    const quotes = citedPassageIds(citation)
      .flatMap((id) => proposal.quotes[id] ?? [])
      .filter((quote) => said.includes(quote))
      .sort((a, b) => said.indexOf(a) - said.indexOf(b));
    return quotes.length > 0 ? { ...citation, quotes } : citation;
  });
  return { ...result, citations };
}

function fallbackNote(error: AnswerError): string {
  return error.code === AnswerErrorCode.modelOutputInvalid ? 'model-output-invalid' : 'model-unavailable';
}

/**
 * The answer engine: redaction → model (Claude, with a fresh canary in its instructions) or
 * extractive offline answer → deterministic guardrails on the customer's text, the knowledge
 * passages and the reply itself → channel shaping → schema-checked result.
 *
 * @example
 * const engine = createAnswerEngine({ anthropic: config.anthropic.apiKey ? { apiKey: config.anthropic.apiKey } : undefined });
 * const result = await engine.answer({ ticket, latestMessage, history, passages, policy });
 * if (result.action === 'reply') await connector.reply(...); // the server writes back
 */
export function createAnswerEngine(options: AnswerEngineOptions = {}): AnswerEngine {
  const observed = options.onModelCall ? { onCall: options.onModelCall } : {};
  const model =
    options.model ??
    (options.anthropic
      ? createClaudeAnswerModel({ ...options.anthropic, ...observed })
      : options.openaiCompatible
        ? createOpenAICompatibleAnswerModel({ ...options.openaiCompatible, ...observed })
        : undefined);
  const shouldFallBack = options.fallbackOnModelError ?? true;
  const now = options.now ?? (() => new Date());

  const newCanary = options.createCanary ?? createCanary;
  // The same history is redacted again on every new event of a ticket: remember findings per engine.
  const recognizer = options.nameRecognizer;
  const redaction = { cache: createPersonalDataCache(), ...(recognizer ? { recognizer } : {}) };

  async function propose(request: AnswerRequest, summary: string, at: Date, checks: OutgoingCheckOptions, callOptions?: ModelCallOptions): Promise<AnswerProposal | OfflineProposal> {
    if (!model) return answerOffline(request, summary);
    try {
      const input = { ...(await prepareModelInput(request, at, redaction)), flaggedPassageIds: checks.flaggedPassageIds, ...(checks.canary ? { canary: checks.canary } : {}) };
      const answer = await model.answer(input, callOptions);
      const customerName = request.ticket.customerName;
      const modelSummary = restoreCustomerName(answer.summary, customerName).trim();
      return {
        path: model.path,
        model: model.name,
        action: answer.action,
        replyText: restoreCustomerName(answer.replyText, firstName(customerName)),
        language: answer.language,
        citationIds: answer.citationIds,
        confidence: answer.confidence,
        summary: modelSummary.length > 0 ? modelSummary : summary,
        ...(answer.escalation ? { escalation: answer.escalation } : {}),
        guardrails: [],
      };
    } catch (error) {
      if (!isAnswerError(error) || !shouldFallBack) throw error;
      options.logger?.warn({ err: error, code: error.code, model: model.name }, 'answer model failed; answering offline');
      return answerOffline(request, summary, [fallbackNote(error)]);
    }
  }

  return {
    path: model ? model.path : 'offline',
    model: model?.name,

    async answer(request, answerOptions = {}) {
      assertValid<AnswerRequest>(AnswerRequestSchema, request, 'answer request');
      const { onProposal, ...callOptions } = answerOptions;
      const at = now();
      const summary = summarizeHistory(request.history, { customerName: request.ticket.customerName, now: at }).text;
      const checks: OutgoingCheckOptions = { flaggedPassageIds: flaggedPassageIds(request.passages), ...(model ? { canary: newCanary() } : {}) };
      const proposal = await propose(request, summary, at, checks, callOptions);
      onProposal?.(proposal, checks);
      const result = withQuotes(enforcePolicy(request, proposal, checks), proposal);
      const problems = schemaProblems(AnswerResultSchema, result);
      if (problems.length > 0) {
        throw new AnswerError(AnswerErrorCode.resultInvalid, 'The engine built an invalid result', { problems });
      }
      return result;
    },

    async rewrite(request, callOptions) {
      assertValid<RewriteRequest>(RewriteRequestSchema, request, 'rewrite request');
      if (request.style === 'translate' && !request.targetLanguage) {
        throw new AnswerError(AnswerErrorCode.invalidRequest, 'A translation needs a targetLanguage', { style: request.style });
      }
      if (!model) return rewriteOffline(request);
      const maskOptions = { names: request.customerName ? [request.customerName] : [], locale: detectLanguage(request.text) };
      const masked = maskPersonalData(request.text, recognizer ? await withRecognizedNames([request.text], maskOptions, recognizer) : maskOptions);
      try {
        const output = await model.rewrite(
          { text: masked.masked, style: request.style, ...(request.targetLanguage ? { targetLanguage: request.targetLanguage } : {}) },
          callOptions,
        );
        const missing = masked.missingTokens(output.text);
        return {
          path: model.path,
          model: model.name,
          style: request.style,
          isAvailable: true,
          text: masked.unmask(output.text),
          language: output.language,
          ...(missing.length > 0 ? { note: `The rewrite dropped ${missing.length} personal detail(s) of the original; check it before sending.` } : {}),
        };
      } catch (error) {
        if (!isAnswerError(error) || !shouldFallBack) throw error;
        options.logger?.warn({ err: error, code: error.code, model: model.name }, 'rewrite model failed; rewriting offline');
        const offline = rewriteOffline(request);
        return { ...offline, note: `The model was unavailable (${error.code}). ${offline.note ?? 'Rewritten offline.'}` };
      }
    },

    async summarize(history, summarizeOptions = {}) {
      const at = now();
      const offline = summarizeHistory(history, { customerName: summarizeOptions.customerName, now: at });
      const base = { contactCount: offline.contacts.length, channels: offline.channels };
      if (!model || history.length === 0) return { path: 'offline', text: offline.text, ...base };
      try {
        const text = await model.summarize(await prepareSummaryInput(history, { ...summarizeOptions, ...redaction }, at), summarizeOptions);
        return { path: model.path, model: model.name, text: restoreCustomerName(text, summarizeOptions.customerName).trim(), ...base };
      } catch (error) {
        if (!isAnswerError(error) || !shouldFallBack) throw error;
        options.logger?.warn({ err: error, code: error.code, model: model.name }, 'summary model failed; summarizing offline');
        return { path: 'offline', text: offline.text, ...base };
      }
    },
  };
}

/**
 * Rewrites a draft with the given model, or offline without one.
 *
 * @example
 * await rewriteDraft({ text: draft, style: 'shorter' }); // offline
 * await rewriteDraft({ text: draft, style: 'translate', targetLanguage: 'es' }, createClaudeAnswerModel({ apiKey }));
 */
export function rewriteDraft(request: RewriteRequest, model?: AnswerModel): Promise<RewriteResult> {
  return createAnswerEngine(model ? { model } : {}).rewrite(request);
}
