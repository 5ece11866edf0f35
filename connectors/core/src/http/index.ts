export { createHttpClient, parseRetryAfter } from './client.js';
export type { HttpClient, HttpClientOptions, HttpExchange, HttpMethod, HttpResponse, HttpStats, ParsedVendorError, RequestOptions } from './client.js';
export { Semaphore, mapWithConcurrency } from './semaphore.js';
export { createRatePacer } from './rate-pacer.js';
export { withAbortSignal } from './abort-scope.js';
export type { RateBucket, RateLimitMapping, RatePacer, RatePacerOptions, RateSnapshot, RateTicket } from './rate-pacer.js';
