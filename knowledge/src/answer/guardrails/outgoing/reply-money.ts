import { findAmounts } from '../blocked-topics.js';

/**
 * Money in an outgoing reply. A reply that states an amount above the tenant's refund limit, or
 * commits to a refund, credit or compensation when the tenant set no limit, is a promise only a
 * person may make: the customer's text cannot be the only place this is checked, because a model
 * that followed an injected instruction writes the promise itself.
 */

const MONEY_BACK = String.raw`(?:refund|reimburs|credit|compensat|money back|store credit|voucher|gift card)`;
/**
 * First- or second-person commitments to pay money back, in the languages the product serves.
 * Statements of policy ("Refunds are issued within 5 days") are not commitments and do not match.
 */
const PROMISES: RegExp[] = [
  // "we will refund", "I've issued a full refund", "we can credit your account"
  new RegExp(String.raw`\b(?:we|i)(?:['’]ll|['’]ve|['’]m| will| have| am| are| can| shall)\s+(?:[\p{L}]+\s+){0,3}${MONEY_BACK}`, 'iu'),
  // "we refunded you", "I already credited your account"
  /\b(?:we|i)\s+(?:already\s+)?(?:refunded|credited|reimbursed|compensated)\b/iu,
  // "you will receive a refund of …", "you'll get $50 back", "you will be credited"
  new RegExp(String.raw`\byou(?:['’]ll| will)\s+(?:[\p{L}]+\s+){0,2}(?:receive|get|be)\b[^.!?\n]{0,40}?(?:${MONEY_BACK}|back)`, 'iu'),
  // "your refund has been approved", "refund of $900 is approved" (not "Refunds are issued within 5 days")
  new RegExp(
    String.raw`(?:\byour\s+(?:full\s+|partial\s+)?${MONEY_BACK}\p{L}*|${MONEY_BACK}\p{L}*\s+of\s+[^.!?\n]{1,20})\s+(?:has been|is|was|will be)\s+(?:approved|issued|granted|processed|authori[sz]ed|confirmed)`,
    'iu',
  ),
  // "approved your refund", "issued a full credit"
  /\b(?:approved|issued|granted|processed|authori[sz]ed)\s+(?:a|an|the|your)\s+(?:full\s+|partial\s+)?(?:refund|credit|compensation|reimbursement)/iu,
  // es / pt / fr / de / it / nl
  /\b(?:le |te )?(?:reembolsaremos|devolveremos|compensaremos|vamos a reembolsar|vamos reembolsar|iremos reembolsar)\b/iu,
  /\b(?:reembolso|rembourse?ment|erstattung|r[üu]ckerstattung|rimborso|terugbetaling)\s+(?:\S+\s+){0,4}(?:aprobado|aprovado|approuv[ée]e?|genehmigt|approvato|goedgekeurd)/iu,
  /\b(?:nous\s+(?:vous\s+)?rembourserons|nous\s+allons\s+vous\s+rembourser|wir\s+(?:werden\s+)?(?:ihnen\s+)?(?:\S+\s+){0,3}(?:erstatten|zur[üu]ckerstatten)|(?:vi\s+)?rimborseremo|wij\s+(?:zullen\s+)?(?:\S+\s+){0,3}terugbetalen)\b/iu,
];

export type MoneyReason = 'reply-amount-over-limit' | 'reply-refund-promise';

export interface MoneyFinding {
  reason: MoneyReason;
  /** The words that triggered the check, as the reply wrote them. */
  matched: string;
}

/**
 * Checks the money a reply talks about against the refund limit.
 *
 * @example
 * checkReplyMoney('We will refund you $5,000 today.', 500); // [{ reason: 'reply-amount-over-limit', matched: '$5,000' }]
 * checkReplyMoney('We will refund your order.', undefined); // [{ reason: 'reply-refund-promise', … }]
 */
export function checkReplyMoney(reply: string, refundLimit: number | undefined): MoneyFinding[] {
  const findings: MoneyFinding[] = [];
  if (refundLimit !== undefined) {
    const over = findAmounts(reply).find(({ amount }) => amount > refundLimit);
    if (over) findings.push({ reason: 'reply-amount-over-limit', matched: over.matched });
  }
  const promise = PROMISES.map((pattern) => pattern.exec(reply)).find((match) => match !== null);
  // With a limit, an amount within it is the tenant's call to automate; without one, no promise goes out alone.
  if (promise && refundLimit === undefined) findings.push({ reason: 'reply-refund-promise', matched: promise[0] });
  return findings;
}
