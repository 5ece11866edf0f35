export { installFaults, type FaultInjector, type FaultPlan, type FaultResponses } from './faults.js';
export { createRateWindow, type RateWindow, type RateWindowState } from './rate-window.js';
