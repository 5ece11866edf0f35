import type { ExternalId } from '@threadline/connector-core';
import { recordingClock, TEST_TIMEOUT_MS, type ConnectorHarness } from '@threadline/connector-core/testing';
import { createZendeskConnector, createZendeskWebhookVerifier, type ZendeskConnectorOptions } from '../src/index.js';
import { startSandbox, type ZendeskSandbox, type ZendeskSandboxOptions } from '../src/sandbox/index.js';

/** A fresh sandbox and a connector pointed at it, built the way the contract suite asks. */
export async function createZendeskHarness(
  options: { sandbox?: ZendeskSandboxOptions; connector?: Partial<ZendeskConnectorOptions> } = {},
): Promise<ConnectorHarness & { sandbox: ZendeskSandbox; connector: ReturnType<typeof createZendeskConnector> }> {
  const sandbox = await startSandbox(options.sandbox);
  const sleeps: number[] = [];
  const build = (timeoutMs: number) =>
    createZendeskConnector({
      baseUrl: sandbox.url,
      auth: sandbox.credentials.auth,
      pageSize: 25,
      exportPageSize: 25,
      ...options.connector,
      http: { timeoutMs, maxRetries: 2, ...recordingClock(sleeps), ...options.connector?.http },
    });
  const connector = build(TEST_TIMEOUT_MS);
  return {
    sandbox,
    connector,
    connectorTimingOutAfter: build,
    dataset: sandbox.dataset,
    faults: sandbox.faults,
    ticketId: (key) => sandbox.ids.ticket(key),
    customerId: (key) => sandbox.ids.customer(key),
    hidesArchivedTickets: false,
    stats: () => ({ ...connector.stats }),
    sleeps,
    webhook: {
      verifier: createZendeskWebhookVerifier(),
      secret: sandbox.webhook.secret,
      hasTimestamp: true,
      delivery: (ticketId: ExternalId, delivery = {}) => sandbox.webhookDelivery(ticketId, 'ticket.created', delivery),
    },
    close: () => sandbox.close(),
  };
}
