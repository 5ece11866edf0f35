import type { ModelAnswerInput, ModelSummaryInput } from '../answer-model.js';
import { shapeOf } from '../guardrails/channel-shape.js';
import { channelProse, groupContacts, relativeDay } from '../summary/summarize-history.js';
import { detectLanguage } from '../text/detect-language.js';
import { truncate } from '../text/text-tools.js';
import type { AnswerRequest, HistoryItem } from '../types.js';
import { redactText, type RedactOptions } from './redact-text.js';

/** Bounds that keep a prompt's size independent of how chatty a customer has been. */
export const HISTORY_ITEMS_FOR_MODEL = 30;
export const HISTORY_TEXT_CHARS = 600;
export const MESSAGE_CHARS = 4000;

function redactHistory(history: readonly HistoryItem[], options: RedactOptions, now: Date): Pick<ModelSummaryInput, 'contacts' | 'history' | 'omittedHistory'> {
  const sorted = [...history].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const recent = sorted.slice(-HISTORY_ITEMS_FOR_MODEL);
  const contacts = groupContacts(sorted).map((contact) => {
    const date = contact.firstAt.toISOString().slice(0, 10);
    const messages = `${contact.customerMessages} customer message${contact.customerMessages === 1 ? '' : 's'}`;
    return `${channelProse(contact.channel)}, ${relativeDay(contact.firstAt, now)} (${date}), ticket ${contact.ticketRef}: “${redactText(contact.subject, options)}”, ${messages}`;
  });
  return {
    contacts,
    omittedHistory: sorted.length - recent.length,
    history: recent.map((item) => ({
      ...item,
      text: redactText(truncate(item.text, HISTORY_TEXT_CHARS), options),
      ticketSubject: redactText(item.ticketSubject, options),
    })),
  };
}

/**
 * The request as a model may see it: personal data in the history, subject and latest message
 * replaced by placeholders (the customer's name by `[CUSTOMER]`), the history cut to its most
 * recent items. Passages are the tenant's own knowledge and go as they are.
 */
export function prepareModelInput(request: AnswerRequest, now: Date, redaction: Pick<RedactOptions, 'cache'> = {}): ModelAnswerInput {
  const detectedLanguage = detectLanguage(request.latestMessage, request.ticket.locale);
  const options: RedactOptions = {
    names: request.ticket.customerName ? [request.ticket.customerName] : [],
    locale: request.ticket.locale ?? detectedLanguage,
    ...redaction,
  };
  const history = redactHistory(request.history, options, now);
  return {
    channel: request.ticket.channel,
    shape: shapeOf(request.ticket.channel),
    subject: redactText(request.ticket.subject, options),
    latestMessage: redactText(truncate(request.latestMessage, MESSAGE_CHARS), options),
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
export function prepareSummaryInput(history: readonly HistoryItem[], options: { customerName?: string; locale?: string } & Pick<RedactOptions, 'cache'>, now: Date): ModelSummaryInput {
  return redactHistory(
    history,
    { names: options.customerName ? [options.customerName] : [], ...(options.locale ? { locale: options.locale } : {}), ...(options.cache ? { cache: options.cache } : {}) },
    now,
  );
}

/** Puts the customer's name back where the model wrote the `[CUSTOMER]` placeholder. */
export function restoreCustomerName(text: string, customerName: string | undefined): string {
  return text.replace(/\[CUSTOMER\]/g, customerName?.trim() || 'the customer');
}
