import { describe, expect, it } from 'vitest';
import { createAnswerEngine, rewriteDraft } from './answer-engine.js';
import { enforcePolicy, type AnswerProposal, type OutgoingCheckOptions } from './guardrails/enforce-policy.js';
import type { AnswerModel, ModelAnswerInput } from './answer-model.js';
import { AnswerError, isAnswerError } from '../errors.js';
import { FIXTURE_NOW, fixtureRequest } from './testing/fixtures.js';
import type { AnswerRequest } from './types.js';

/** A scripted model that records what it was given. */
function recordingModel(): AnswerModel & { inputs: ModelAnswerInput[] } {
  const inputs: ModelAnswerInput[] = [];
  return {
    name: 'scripted-model',
    path: 'claude',
    inputs,
    async answer(input) {
      inputs.push(input);
      return { action: 'reply', replyText: 'Open Orders and select Return items.', language: 'en', citationIds: ['kb-returns-1'], confidence: 0.95, summary: '' };
    },
    async rewrite() {
      throw new AnswerError('KNOWLEDGE_ANSWER_MODEL_UPSTREAM', 'down');
    },
    async summarize() {
      return 'A summary.';
    },
  };
}

describe('createAnswerEngine', () => {
  it('chooses the offline path without Anthropic configuration and the Claude path with it', () => {
    expect(createAnswerEngine().path).toBe('offline');
    const claude = createAnswerEngine({ anthropic: { apiKey: 'k', model: 'claude-opus-5' } });
    expect(claude.path).toBe('claude');
    expect(claude.model).toBe('claude-opus-5');
  });

  it('rejects a request that does not match the schema, by code', async () => {
    const broken = { ...fixtureRequest(), ticket: { subject: 'x', channel: 'fax' } } as unknown as AnswerRequest;
    const failure = await createAnswerEngine()
      .answer(broken)
      .catch((error: unknown) => error);
    expect(isAnswerError(failure, 'KNOWLEDGE_ANSWER_INVALID_REQUEST')).toBe(true);
    expect((failure as AnswerError).category).toBe('user');
  });

  it('hands an injected model redacted input and fills an empty model summary from the history', async () => {
    const model = recordingModel();
    const result = await createAnswerEngine({ model, now: () => FIXTURE_NOW }).answer(fixtureRequest());
    expect(result).toMatchObject({ path: 'claude', model: 'scripted-model', action: 'reply' });
    expect(result.summary).toContain('Jane Cooper contacted us 2 times over 7 days');
    const input = model.inputs[0];
    expect(input?.history[0]?.text).toContain('[EMAIL]');
    expect(input?.contacts).toEqual([
      'email, 7 days ago (2025-06-03), ticket ZD-101: “Order #10234 not delivered”, 1 customer message',
      'chat, yesterday (2025-06-09), ticket ZD-117: “Still no parcel. Where is it?”, 1 customer message',
    ]);
    expect(input?.policy.blockedTopicNames).toEqual(['legal', 'security']);
  });

  it('shows a caller the proposal and checks it decided on, so the same rules decide it again under another policy', async () => {
    const seen: Array<{ proposal: AnswerProposal; checks: OutgoingCheckOptions }> = [];
    const request = fixtureRequest();
    const result = await createAnswerEngine({ model: recordingModel() }).answer(request, { onProposal: (proposal, checks) => seen.push({ proposal, checks }) });
    expect(seen).toHaveLength(1);
    const { proposal, checks } = seen[0] as { proposal: AnswerProposal; checks: OutgoingCheckOptions };
    expect(enforcePolicy(request, proposal, checks)).toMatchObject({ action: result.action, replyText: result.replyText, guardrails: result.guardrails });
    expect(result.action).toBe('reply');
    expect(enforcePolicy({ ...request, policy: { ...request.policy, mode: 'draft' } }, proposal, checks).action).toBe('draft');
  });

  it('still computes in mode off, but only ever drafts', async () => {
    const result = await createAnswerEngine({ model: recordingModel() }).answer(fixtureRequest({ policy: { mode: 'off' } }));
    expect(result.action).toBe('draft');
    expect(result.guardrails).toContain('mode-off');
    expect(result.citations).toHaveLength(1);
  });

  it('lets unexpected errors of an injected model through instead of hiding bugs', async () => {
    const model = { ...recordingModel(), answer: async () => Promise.reject(new TypeError('bug')) };
    await expect(createAnswerEngine({ model }).answer(fixtureRequest())).rejects.toThrow(TypeError);
  });

  it('falls back to the offline rewrite when the model is down and says why', async () => {
    const result = await createAnswerEngine({ model: recordingModel() }).rewrite({ text: 'One. Two. Three. Four.', style: 'shorter' });
    expect(result).toMatchObject({ path: 'offline', isAvailable: true, text: 'One. Two.' });
    expect(result.note).toContain('KNOWLEDGE_ANSWER_MODEL_UPSTREAM');
  });

  it('requires a target language to translate', async () => {
    const failure = await rewriteDraft({ text: 'Hello', style: 'translate' }).catch((error: unknown) => error);
    expect(isAnswerError(failure, 'KNOWLEDGE_ANSWER_INVALID_REQUEST')).toBe(true);
  });

  it('summarizes offline without a model', async () => {
    const summary = await createAnswerEngine({ now: () => FIXTURE_NOW }).summarize(fixtureRequest().history, { customerName: 'Jane Cooper' });
    expect(summary).toMatchObject({ path: 'offline', contactCount: 2, channels: ['chat', 'email'] });
    expect(summary.text).toMatch(/^Jane Cooper contacted us 2 times over 7 days: by email \(7 days ago\)/);
  });
});
