import { runConnectorContract } from '@threadline/connector-core/testing';
import { createHarness } from './harness.js';

runConnectorContract('freshdesk', () => createHarness());
