export { ThreadlineError, isThreadlineError } from './errors.js';
export type { ErrorCategory, JsonValue, ThreadlineErrorOptions } from './errors.js';
