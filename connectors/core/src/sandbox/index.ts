export { installFaults, type FaultInjector, type FaultPlan, type FaultResponses } from './faults.js';
export { createRateWindow, type RateWindow, type RateWindowState } from './rate-window.js';
export { installJsonBodies, INVALID_JSON_BODY_CODE } from './json-bodies.js';
export { escapeHtml, sendSandboxPage, sendSandboxPageNotFound, ticketPageBody, type SandboxPageMessage } from './pages.js';
