import { DEFAULT_BLOCKED_TOPICS } from '../guardrails/blocked-topics.js';
import type { AnswerChannel, AnswerPassage, AnswerPolicy, AnswerRequest, HistoryItem } from '../types.js';

/**
 * A small, consistent scenario for tests and demos: Jane Cooper emailed a week ago about a late
 * order, chatted yesterday, and writes again now; the knowledge base has help-center articles on
 * returns, shipping and passwords plus one internal macro.
 */

export const FIXTURE_NOW = new Date('2025-06-10T12:00:00Z');

export const FIXTURE_PASSAGES: AnswerPassage[] = [
  {
    id: 'kb-returns-1',
    title: 'Returns and refunds',
    url: 'https://help.example.com/articles/returns',
    sectionPath: ['Orders', 'Returns'],
    content:
      '# Returns and refunds\n\nYou can return any unused item within 30 days of delivery for a full refund. ' +
      'To start a return, open Orders in your account, choose the order and select Return items. ' +
      'Refunds are issued to the original payment method within 5 business days after we receive the parcel.\n\n' +
      'Return shipping is free for customers in the EU and the US.',
    visibility: 'public',
    score: 0.82,
  },
  {
    id: 'kb-shipping-1',
    title: 'Shipping times',
    url: 'https://help.example.com/articles/shipping',
    sectionPath: ['Orders', 'Shipping'],
    content:
      '# Shipping times\n\nStandard shipping takes 3 to 5 business days. Express shipping takes 1 to 2 business days. ' +
      'You can track your parcel from the link in your shipping confirmation email. ' +
      'If your parcel has not arrived 10 days after shipping, contact us and we will send a replacement.',
    visibility: 'public',
    score: 0.74,
  },
  {
    id: 'kb-password-1',
    title: 'Resetting your password',
    url: 'https://help.example.com/articles/password',
    sectionPath: ['Account'],
    content:
      '# Resetting your password\n\nOn the sign-in page, select Forgot password and enter your account email. ' +
      'We send a reset link that is valid for 60 minutes.',
    visibility: 'public',
    score: 0.41,
  },
  {
    id: 'macro-late-order',
    title: 'Macro: late order apology',
    url: null,
    sectionPath: ['Macros'],
    content: 'Apologize for the delay, check the carrier status, and offer a replacement when the parcel is more than 10 days late.',
    visibility: 'internal',
    score: 0.66,
  },
];

function daysAgo(days: number, hour = 10): string {
  const date = new Date(FIXTURE_NOW.getTime() - days * 86_400_000);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString();
}

export const FIXTURE_HISTORY: HistoryItem[] = [
  {
    at: daysAgo(7, 9),
    channel: 'email',
    authorRole: 'customer',
    isPublic: true,
    text: 'Hello, my order #10234 has not arrived yet. You can reach me at jane.cooper@example.com or +1 415 555 0199. Jane Cooper',
    ticketSubject: 'Order #10234 not delivered',
    ticketRef: 'ZD-101',
  },
  {
    at: daysAgo(7, 11),
    channel: 'email',
    authorRole: 'agent',
    isPublic: true,
    text: 'Hi Jane, sorry for the delay. The carrier shows the parcel in transit; it should arrive within 3 days.',
    ticketSubject: 'Order #10234 not delivered',
    ticketRef: 'ZD-101',
  },
  {
    at: daysAgo(1, 15),
    channel: 'chat',
    authorRole: 'customer',
    isPublic: true,
    text: 'Still no parcel. Where is it?',
    ticketSubject: 'Chat with Jane Cooper',
    ticketRef: 'ZD-117',
  },
  {
    at: daysAgo(1, 15),
    channel: 'chat',
    authorRole: 'agent',
    isPublic: false,
    text: 'Carrier lost the parcel, offer replacement.',
    ticketSubject: 'Chat with Jane Cooper',
    ticketRef: 'ZD-117',
  },
];

export const FIXTURE_POLICY: AnswerPolicy = {
  mode: 'auto',
  confidenceThreshold: 0.6,
  blockedTopics: DEFAULT_BLOCKED_TOPICS,
  refundLimit: 100,
  agentName: 'Sam',
  companyName: 'Acme',
};

/** A request answering `latestMessage` on `channel`, with the fixture history, passages and policy. */
export function fixtureRequest(overrides: {
  channel?: AnswerChannel;
  latestMessage?: string;
  subject?: string;
  passages?: AnswerPassage[];
  policy?: Partial<AnswerPolicy>;
  history?: HistoryItem[];
  locale?: string;
  customerName?: string;
} = {}): AnswerRequest {
  return {
    ticket: {
      subject: overrides.subject ?? 'How do I return an item?',
      channel: overrides.channel ?? 'email',
      customerName: overrides.customerName ?? 'Jane Cooper',
      ...(overrides.locale ? { locale: overrides.locale } : {}),
    },
    latestMessage: overrides.latestMessage ?? 'Hi, I would like to return the shoes I bought. How do I start a return and when do I get my refund?',
    history: overrides.history ?? FIXTURE_HISTORY,
    passages: overrides.passages ?? FIXTURE_PASSAGES,
    policy: { ...FIXTURE_POLICY, ...overrides.policy },
  };
}
