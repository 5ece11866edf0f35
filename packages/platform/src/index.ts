export { ThreadlineError, isThreadlineError } from './errors.js';
export type { ErrorCategory, JsonValue, ThreadlineErrorOptions } from './errors.js';
export { fnv1a, mulberry32 } from './deterministic.js';
export { tenantScope, type TenantScope } from './tenant-scope.js';
