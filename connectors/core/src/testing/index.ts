export { runConnectorContract } from './contract.js';
export { recordingSleep, type ConnectorHarness } from './harness.js';
