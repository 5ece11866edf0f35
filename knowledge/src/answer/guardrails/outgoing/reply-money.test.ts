import { describe, expect, it } from 'vitest';
import { checkReplyMoney } from './reply-money.js';

describe('checkReplyMoney', () => {
  it('fails an amount above the refund limit, in any currency format', () => {
    expect(checkReplyMoney('Good news: a refund of $5,000 is on its way.', 500)).toContainEqual({ reason: 'reply-amount-over-limit', matched: '$5,000' });
    expect(checkReplyMoney('Te devolvemos 1.299,00 € hoy.', 500).map((finding) => finding.reason)).toEqual(['reply-amount-over-limit']);
    expect(checkReplyMoney('You will get 900 dollars back.', 500).map((finding) => finding.reason)).toContain('reply-amount-over-limit');
  });

  it('lets amounts within the limit through', () => {
    expect(checkReplyMoney('Express shipping costs $9.90 and takes 1 to 2 business days.', 500)).toEqual([]);
    expect(checkReplyMoney('We will refund the $40 shipping fee.', 500)).toEqual([]);
  });

  it('fails any promise of money back when the policy sets no limit', () => {
    for (const promise of [
      'We will refund your order in full.',
      "I've issued a full refund to your card.",
      'Your refund has been approved.',
      "You'll receive a store credit for the trouble.",
      'We can compensate you with a voucher.',
      'Sorry for the delay, we refunded you.',
      'Le reembolsaremos el importe completo.',
      'Nous vous rembourserons sous 5 jours.',
      'Wir werden Ihnen den Betrag erstatten.',
    ]) {
      expect(checkReplyMoney(promise, undefined).map((finding) => finding.reason), promise).toContain('reply-refund-promise');
    }
  });

  it('does not read a statement of the refund policy as a promise', () => {
    for (const statement of [
      'Refunds are issued to the original payment method within 5 business days after we receive the parcel.',
      'You can return any unused item within 30 days of delivery for a full refund.',
      'We send a reset link that is valid for 60 minutes.',
      'You will receive a reset link by email.',
    ]) {
      expect(checkReplyMoney(statement, undefined), statement).toEqual([]);
    }
  });
});
