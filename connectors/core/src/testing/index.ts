export { runConnectorContract } from './contract.js';
export { recordingClock, recordingSleep, TEST_TIMEOUT_MS, type ConnectorHarness } from './harness.js';
export { fakeTime } from './fake-time.js';
export { backfillAll, backfillRunResult, changedTickets, measureBackfill, recordingFetch, type BackfillCounts, type BackfillRunResult, type BudgetSpec, type MeasuredHttp, type RecordedCall } from './backfill-run.js';
