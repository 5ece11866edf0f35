import type { TSchema } from 'typebox';
import { toInputSchema } from '../claude/answer-tool.js';
import { AnswerError, AnswerErrorCode } from '../../errors.js';
import { schemaProblems } from '../schema-check.js';

/**
 * Structured output over the chat-completions API. The schemas are the Claude tools' input
 * schemas (`answer-tool.ts`): one contract, two ways of asking for it.
 *
 * - `json_schema`: `response_format: {type:"json_schema", json_schema:{name, strict:true, schema}}`
 *   (https://platform.openai.com/docs/guides/structured-outputs). vLLM turns it into guided decoding
 *   (https://docs.vllm.ai/en/latest/features/structured_outputs/), Ollama ≥ 0.5 into its `format`
 *   grammar, llama.cpp's llama-server into a GBNF grammar.
 * - `json_object`: JSON mode, for servers that answer 400 to `json_schema` (older Ollama, older or
 *   misconfigured llama.cpp, e.g. ggml-org/llama.cpp#11847). It only promises *some* JSON object,
 *   so the schema goes into the system prompt, and the answer is validated either way.
 *
 * OpenAI's own strict mode accepts only schemas whose every property is required; the answer
 * schema's optional `escalation` makes api.openai.com answer 400, which lands in JSON mode too.
 * The self-hosted servers this is for apply the schema as given.
 */
export type StructuredOutputMode = 'json_schema' | 'json_object';

export interface OutputFormat {
  /** `^[a-zA-Z0-9_-]{1,64}$` per the API; the tool names fit. */
  name: string;
  schema: TSchema;
}

/** The `response_format` field for a mode. */
export function responseFormat(mode: StructuredOutputMode, format: OutputFormat): Record<string, unknown> {
  if (mode === 'json_object') return { type: 'json_object' };
  return { type: 'json_schema', json_schema: { name: format.name, strict: true, schema: toInputSchema(format.schema) } };
}

/** What JSON mode needs in the system prompt: the schema itself (the API requires the word JSON in the messages, too). */
export function schemaInstruction(format: OutputFormat): string {
  return `\n\nThe ${format.name} JSON object must match this JSON Schema exactly:\n${JSON.stringify(toInputSchema(format.schema))}`;
}

interface ChatCompletionBody {
  choices?: Array<{ finish_reason?: string | null; message?: { content?: unknown; refusal?: unknown } }>;
}

/**
 * Local models sometimes wrap the object in a Markdown fence, or print their reasoning in a
 * `<think>` block first (DeepSeek-R1 distills on Ollama); neither is part of the answer.
 */
function unwrap(content: string): string {
  const withoutThinking = content.replace(/^\s*<think>[\s\S]*?<\/think>/, '');
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/.exec(withoutThinking);
  return (fenced?.[1] ?? withoutThinking).trim();
}

/**
 * Reads `choices[0].message.content` as the JSON object of `format`, checked against its schema.
 * Anything else (a refusal, a cut-off answer, prose, the wrong shape) is `KNOWLEDGE_ANSWER_MODEL_OUTPUT_INVALID`.
 */
export function readStructuredContent<T>(body: unknown, format: OutputFormat, model: string): T {
  const choice = (body as ChatCompletionBody | null)?.choices?.[0];
  const invalid = (why: string, extra: Record<string, string | string[] | null> = {}, cause?: unknown) =>
    new AnswerError(AnswerErrorCode.modelOutputInvalid, `The model's ${format.name} answer ${why}`, { model, ...extra }, cause);
  if (!choice?.message) throw invalid('has no choices[0].message');
  if (typeof choice.message.refusal === 'string' && choice.message.refusal.length > 0) throw invalid('is a refusal');
  // finish_reason "length": the object was cut off at max_tokens, so it cannot be whole.
  if (choice.finish_reason === 'length') throw invalid('was cut off at the token limit', { finishReason: 'length' });
  if (typeof choice.message.content !== 'string') throw invalid('has no text content');
  let value: unknown;
  try {
    value = JSON.parse(unwrap(choice.message.content));
  } catch (error) {
    throw invalid('is not JSON', {}, error);
  }
  const problems = schemaProblems(format.schema, value, 5);
  if (problems.length > 0) throw invalid('does not match its schema', { problems });
  return value as T;
}
