/**
 * Test helpers of the answer engine: a local fake of the Anthropic Messages API for tests,
 * end-to-end runs and benchmarks. Never used in production code.
 */
export {
  defaultResponder,
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
