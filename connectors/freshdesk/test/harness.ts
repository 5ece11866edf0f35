import type { ConnectorHarness } from '@threadline/connector-core/testing';
import { recordingClock, TEST_TIMEOUT_MS } from '@threadline/connector-core/testing';
import { createFreshdeskConnector, createFreshdeskWebhookVerifier, type FreshdeskConnector } from '../src/index.js';
import { startSandbox, type FreshdeskSandbox, type FreshdeskSandboxOptions } from '../src/sandbox/index.js';

export interface FreshdeskHarness extends ConnectorHarness {
  connector: FreshdeskConnector;
  sandbox: FreshdeskSandbox;
}

/**
 * A fresh sandbox and a connector on it, built as the contract asks (generous per-attempt timeouts, 2 retries,
 * pages of 25, recorded sleeps). By default the connector uses a person's key (Alex's) and names
 * the Threadline agent explicitly, because the contract expects replies written through the
 * connector to read as an agent's. `apiKey: 'app'` uses the Threadline agent's own key with the
 * default `appAgentId: 'api-key'`, so what the connector writes reads as the bot's.
 */
export async function createHarness(options: { apiKey?: 'agent' | 'app'; sandbox?: FreshdeskSandboxOptions } = {}): Promise<FreshdeskHarness> {
  const sandbox = await startSandbox(options.sandbox);
  const sleeps: number[] = [];
  const apiKey = options.apiKey === 'app' ? sandbox.credentials.apiKey : (sandbox.credentials.agentApiKeys.alex as string);
  const build = (timeoutMs: number) =>
    createFreshdeskConnector({
      baseUrl: sandbox.url,
      auth: { apiKey },
      ...(options.apiKey === 'app' ? {} : { appAgentId: sandbox.ids.agent('threadline') }),
      pageSize: 25,
      http: { timeoutMs, maxRetries: 2, ...recordingClock(sleeps) },
    });
  const connector = build(TEST_TIMEOUT_MS);
  return {
    connector,
    connectorTimingOutAfter: build,
    sandbox,
    dataset: sandbox.dataset,
    faults: sandbox.faults,
    ticketId: sandbox.ids.ticket,
    customerId: sandbox.ids.customer,
    hidesArchivedTickets: true,
    stats: () => ({ ...connector.stats }),
    sleeps,
    webhook: {
      verifier: createFreshdeskWebhookVerifier(),
      secret: sandbox.webhookSecret,
      hasTimestamp: false,
      delivery: (ticketId, deliveryOptions) => sandbox.webhookDelivery(ticketId, deliveryOptions?.secret ? { secret: deliveryOptions.secret } : {}),
    },
    close: () => sandbox.close(),
  };
}
