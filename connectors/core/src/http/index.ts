export { createHttpClient, parseRetryAfter } from './client.js';
export type { HttpClient, HttpClientOptions, HttpMethod, HttpResponse, HttpStats, ParsedVendorError, RequestOptions } from './client.js';
export { Semaphore, mapWithConcurrency } from './semaphore.js';
