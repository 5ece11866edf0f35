import { describe, expect, it } from 'vitest';
import { loadEvalConfig } from './config.js';

describe('eval config', () => {
  it('runs the OpenAI-compatible model the server would use, from the same variables', () => {
    const config = loadEvalConfig(['--model-sample', '20'], { ANSWER_MODEL_PROVIDER: 'openai-compatible', ANSWER_MODEL_BASE_URL: 'http://localhost:11434/v1', ANSWER_MODEL: 'llama3.1:8b' });
    expect(config.answerModel).toEqual({ provider: 'openai-compatible', baseUrl: 'http://localhost:11434/v1', model: 'llama3.1:8b', apiKey: undefined });
    expect(config.modelSample).toBe(20);
  });

  it('runs Claude with only ANTHROPIC_API_KEY set, and offline with nothing', () => {
    expect(loadEvalConfig([], { ANTHROPIC_API_KEY: 'sk-test' }).answerModel).toMatchObject({ provider: 'anthropic', apiKey: 'sk-test' });
    expect(loadEvalConfig(['--claude-sample', '5'], {})).toMatchObject({ answerModel: undefined, modelSample: 5 });
    expect(loadEvalConfig([], { ANSWER_MODEL_PROVIDER: 'offline', ANTHROPIC_API_KEY: 'sk-test' }).answerModel).toBeUndefined();
  });

  it('refuses a half-configured model instead of answering offline', () => {
    expect(() => loadEvalConfig([], { ANSWER_MODEL_PROVIDER: 'openai-compatible', ANSWER_MODEL: 'llama3.1:8b' })).toThrow(/ANSWER_MODEL_BASE_URL/);
    expect(() => loadEvalConfig([], { ANSWER_MODEL_PROVIDER: 'gemini' })).toThrow(/ANSWER_MODEL_PROVIDER/);
  });
});
