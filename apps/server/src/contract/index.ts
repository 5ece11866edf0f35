/** HTTP request/response schemas shared with the UIs (sidebars, admin). Import type-only from UIs. */
export { ErrorBody, errorResponses } from './errors.js';
export { HealthBody, ReadinessBody } from './health.js';
