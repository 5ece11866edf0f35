import type { AnswerEngineOptions } from '@threadline/knowledge/answer';
import type { AnswerModelConfig } from '../config.js';

/**
 * The answer engine's model, from the configured provider: Claude, an OpenAI-compatible chat
 * endpoint (a self-hosted model), or none (the offline path). The engine runs the same redaction,
 * citation checks and guardrails whichever it is.
 *
 * @example
 * createAnswerEngine({ ...answerModelOptions(config.answerModel), logger: app.log });
 */
export function answerModelOptions(config: AnswerModelConfig): Pick<AnswerEngineOptions, 'anthropic' | 'openaiCompatible'> {
  switch (config.provider) {
    case 'offline':
      return {};
    case 'anthropic':
      return { anthropic: { apiKey: config.apiKey, ...(config.model ? { model: config.model } : {}), ...(config.baseUrl ? { baseURL: config.baseUrl } : {}) } };
    case 'openai-compatible':
      return { openaiCompatible: { baseURL: config.baseUrl, model: config.model, ...(config.apiKey ? { apiKey: config.apiKey } : {}) } };
  }
}
