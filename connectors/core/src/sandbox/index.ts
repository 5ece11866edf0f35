export { installFaults, type FaultInjector, type FaultPlan, type FaultResponses } from './faults.js';
