/**
 * Test helpers of the answer engine: local fakes of the Anthropic Messages API and of an
 * OpenAI-compatible chat-completions server, for tests,
 * end-to-end runs and benchmarks. Never used in production code.
 */
export {
  defaultResponder,
  plausibleToolInput,
  startFakeAnthropic,
  type FakeAnthropic,
  type FakeAnthropicOptions,
  type FakeAnthropicRequest,
  type FakeResponder,
  type FakeResponse,
  type MessagesRequestBody,
} from './fake-anthropic.js';
export { createObeyingResponder, type ObeyedReply, type ObeyingResponder } from './obeying-responder.js';
export { INJECTION_TICKETS, injectionRequest, type InjectionTicket } from './injection-tickets.js';
export { FIXTURE_HISTORY, FIXTURE_NOW, FIXTURE_PASSAGES, FIXTURE_POLICY, fixtureRequest } from './fixtures.js';
export {
  defaultOpenAIResponder,
  startFakeOpenAI,
  type ChatCompletionsRequestBody,
  type FakeOpenAI,
  type FakeOpenAIOptions,
  type FakeOpenAIRequest,
  type FakeOpenAIResponder,
  type FakeOpenAIResponse,
} from './fake-openai.js';
export { MODEL_FAKES, type ModelFake, type ModelProvider, type ScriptedFailure, type SentRequest } from './model-fakes.js';
