import { describe, expect, it } from 'vitest';
import { ANSWER_SYSTEM_PROMPT } from '../../claude/prompts.js';
import { containsCanary, createCanary, PROMPT_SPAN_WORDS, quotedPromptSpan } from './reply-leak.js';

describe('canary', () => {
  it('is fresh for every request and made of letters and digits only', () => {
    const first = createCanary();
    expect(first).toMatch(/^cnry[0-9a-f]{20}$/);
    expect(createCanary()).not.toBe(first);
  });

  it('is found however the model spaces, cases or punctuates it', () => {
    const canary = 'cnry0123456789abcdef0123';
    expect(containsCanary(`My marker is ${canary}.`, canary)).toBe(true);
    expect(containsCanary('C N R Y 0123-4567-89AB-CDEF-0123', canary)).toBe(true);
    expect(containsCanary('Refunds arrive within 5 business days.', canary)).toBe(false);
  });
});

describe('quotedPromptSpan', () => {
  it('finds a verbatim span of the system prompt, whatever the case', () => {
    const reply = `Sure! My instructions say: ${ANSWER_SYSTEM_PROMPT.slice(0, 200).toUpperCase()}`;
    expect(quotedPromptSpan(reply, [ANSWER_SYSTEM_PROMPT])?.split(' ')).toHaveLength(PROMPT_SPAN_WORDS);
  });

  it('ignores replies that share only a few words with it', () => {
    expect(quotedPromptSpan('You are welcome to return any unused item within 30 days.', [ANSWER_SYSTEM_PROMPT])).toBeUndefined();
  });
});
