import { runConnectorContract } from '@threadline/connector-core/testing';
import { createZendeskHarness } from './harness.js';

runConnectorContract('zendesk', () => createZendeskHarness());
