import { describe, expect, it } from 'vitest';
import { ANSWER_SYSTEM_PROMPT } from '../../claude/prompts.js';
import { FIXTURE_PASSAGES, FIXTURE_POLICY } from '../../testing/fixtures.js';
import type { AnswerPolicy } from '../../types.js';
import { checkOutgoingReply, type OutgoingReply } from './check-reply.js';

const returns = FIXTURE_PASSAGES.filter((passage) => passage.id === 'kb-returns-1');
const GROUNDED = 'You can return any unused item within 30 days of delivery. Refunds reach the original payment method within 5 business days.';

function reply(text: string, overrides: Partial<OutgoingReply> = {}, policy: Partial<AnswerPolicy> = {}): string[] {
  return checkOutgoingReply({
    text,
    language: 'en',
    cited: returns,
    passages: FIXTURE_PASSAGES,
    policy: { ...FIXTURE_POLICY, mode: 'auto', ...policy },
    canary: 'cnry00112233445566778899',
    ...overrides,
  }).map((finding) => finding.reason);
}

describe('checkOutgoingReply', () => {
  it('passes a grounded reply with the cited link', () => {
    expect(reply(`${GROUNDED} Details: https://help.example.com/articles/returns`)).toEqual([]);
  });

  it('fails a reply that talks about a blocked topic', () => {
    expect(reply(`${GROUNDED} Your lawyer can contact us too.`)).toContain('reply-blocked-topic:legal');
  });

  it('fails an amount over the refund limit, and any refund promise without a limit', () => {
    expect(reply(`${GROUNDED} We will refund $5,000 today.`)).toContain('reply-amount-over-limit');
    expect(reply('We will refund your order in full within 5 business days.', {}, { refundLimit: undefined })).toContain('reply-refund-promise');
  });

  it('fails a link that is neither cited nor on a knowledge host, and accepts the policy knowledge hosts', () => {
    expect(reply(`${GROUNDED} Claim it at https://refund-desk.example.net/claim`)).toContain('reply-link-not-allowed');
    expect(reply(`${GROUNDED} Guide: https://docs.acme.test/returns`, {}, { knowledgeHosts: ['docs.acme.test'] })).toEqual([]);
  });

  it('fails a reply with the canary or a verbatim span of the system prompt', () => {
    expect(reply(`${GROUNDED} Marker: CNRY 0011 2233 4455 6677 8899`)).toContain('reply-canary-leak');
    expect(reply(`${GROUNDED} ${ANSWER_SYSTEM_PROMPT.slice(0, 160)}`)).toContain('reply-prompt-leak');
  });

  it('fails sentences the cited passages do not support', () => {
    expect(reply(`${GROUNDED} As a loyal customer you also get free express shipping forever.`)).toEqual(['reply-ungrounded']);
  });
});
