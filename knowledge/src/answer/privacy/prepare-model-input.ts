import type { ModelAnswerInput, ModelSummaryInput } from '../answer-model.js';
import { shapeOf } from '../guardrails/channel-shape.js';
import { channelProse, groupContacts, relativeDay } from '../summary/summarize-history.js';
import { detectLanguage } from '../text/detect-language.js';
import { truncate } from '../text/text-tools.js';
import type { AnswerRequest, HistoryItem } from '../types.js';
import type { NameRecognizer } from '../../redaction/index.js';
import { redactEach, type RedactOptions } from './redact-text.js';

/** Bounds that keep a prompt's size independent of how chatty a customer has been. */
export const HISTORY_ITEMS_FOR_MODEL = 30;
export const HISTORY_TEXT_CHARS = 600;
export const MESSAGE_CHARS = 4000;

/** How the engine redacts: its findings cache, and where the name recogniser runs (the calling thread without one). */
export interface ModelInputRedaction extends Pick<RedactOptions, 'cache'> {
  recognizer?: NameRecognizer;
}

function redactHistory(history: readonly HistoryItem[], redactText: (text: string) => string, now: Date): Pick<ModelSummaryInput, 'contacts' | 'history' | 'omittedHistory'> {
  const sorted = [...history].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const recent = sorted.slice(-HISTORY_ITEMS_FOR_MODEL);
  const contacts = groupContacts(sorted).map((contact) => {
    const date = contact.firstAt.toISOString().slice(0, 10);
    const messages = `${contact.customerMessages} customer message${contact.customerMessages === 1 ? '' : 's'}`;
    return `${channelProse(contact.channel)}, ${relativeDay(contact.firstAt, now)} (${date}), ticket ${contact.ticketRef}: “${redactText(contact.subject)}”, ${messages}`;
  });
  return {
    contacts,
    omittedHistory: sorted.length - recent.length,
    history: recent.map((item) => ({
      ...item,
      text: redactText(truncate(item.text, HISTORY_TEXT_CHARS)),
      ticketSubject: redactText(item.ticketSubject),
    })),
  };
}

/**
 * The request as a model may see it: personal data in the history, subject and latest message
 * replaced by placeholders (the customer's name by `[CUSTOMER]`), the history cut to its most
 * recent items. Passages are the tenant's own knowledge and go as they are. With a `recognizer`,
 * the name recogniser runs for all of these texts in one call to it (its worker thread).
 */
export async function prepareModelInput(request: AnswerRequest, now: Date, redaction: ModelInputRedaction = {}): Promise<ModelAnswerInput> {
  const detectedLanguage = detectLanguage(request.latestMessage, request.ticket.locale);
  const options: RedactOptions = {
    names: request.ticket.customerName ? [request.ticket.customerName] : [],
    locale: request.ticket.locale ?? detectedLanguage,
    ...(redaction.cache ? { cache: redaction.cache } : {}),
  };
  const { subject, latestMessage, history } = await redactEach(
    (redactText) => ({
      subject: redactText(request.ticket.subject),
      latestMessage: redactText(truncate(request.latestMessage, MESSAGE_CHARS)),
      history: redactHistory(request.history, redactText, now),
    }),
    options,
    redaction.recognizer,
  );
  return {
    channel: request.ticket.channel,
    shape: shapeOf(request.ticket.channel),
    subject,
    latestMessage,
    ...(request.ticket.locale ? { localeHint: request.ticket.locale } : {}),
    detectedLanguage,
    ...history,
    passages: request.passages,
    policy: {
      mode: request.policy.mode,
      confidenceThreshold: request.policy.confidenceThreshold,
      ...(request.policy.refundLimit === undefined ? {} : { refundLimit: request.policy.refundLimit }),
      blockedTopicNames: request.policy.blockedTopics.map((topic) => topic.name),
    },
  };
}

/** The history alone, redacted, for a model summary. */
export function prepareSummaryInput(
  history: readonly HistoryItem[],
  options: { customerName?: string; locale?: string } & ModelInputRedaction,
  now: Date,
): Promise<ModelSummaryInput> {
  const redact: RedactOptions = {
    names: options.customerName ? [options.customerName] : [],
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.cache ? { cache: options.cache } : {}),
  };
  return redactEach((redactText) => redactHistory(history, redactText, now), redact, options.recognizer);
}

/** Puts the customer's name back where the model wrote the `[CUSTOMER]` placeholder. */
export function restoreCustomerName(text: string, customerName: string | undefined): string {
  return text.replace(/\[CUSTOMER\]/g, customerName?.trim() || 'the customer');
}
