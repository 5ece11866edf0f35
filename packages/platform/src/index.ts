export { ThreadlineError, isThreadlineError } from './errors.js';
export type { ErrorCategory, ErrorProblem, JsonValue, ThreadlineErrorOptions } from './errors.js';
export { classify, defineErrorCatalogue, errorClassFor, type ErrorCatalogue, type ErrorDefinition } from './error-catalogue.js';
export { PlatformError, PlatformErrors, type PlatformErrorCode } from './db/errors.js';
export { fnv1a, mulberry32 } from './deterministic.js';
export { tenantScope, type TenantScope } from './tenant-scope.js';
export { trackWorkerCalls, type CalledThread, type WorkerCalls } from './worker-calls.js';
