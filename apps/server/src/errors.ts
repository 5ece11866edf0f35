import { defineErrorCatalogue, errorClassFor } from '@threadline/platform';

/**
 * The server's error catalogue: every code the API and the CLI raise themselves (the packages'
 * codes reach clients too, from their own catalogues). Keyed by the code, as fastify's
 * `lib/errors.js` is; `docs/errors.md` is generated from it (`pnpm docs:errors`).
 */
export const ServerErrors = defineErrorCatalogue({
  package: '@threadline/server',
  prefixes: ['SERVER_'],
  codes: {
    // The edge: what Fastify, Node's HTTP parser and the schemas refuse before a handler runs.
    SERVER_VALIDATION_FAILED: { category: 'user', description: 'The request does not match the route\'s schema; `details.issues` names each property and what is wrong with it.' },
    SERVER_BAD_REQUEST: { category: 'user', description: 'The request is not valid HTTP, or Fastify refused it for a reason with no code of its own.' },
    SERVER_INVALID_JSON: { category: 'user', description: 'The body is not valid JSON (or is empty where JSON was announced).' },
    SERVER_INVALID_CONTENT_LENGTH: { category: 'user', description: 'Content-Length does not match the body sent.' },
    SERVER_PAYLOAD_TOO_LARGE: { category: 'user', problem: 'too_large', description: 'The body is larger than the route accepts.' },
    SERVER_UNSUPPORTED_MEDIA_TYPE: { category: 'user', problem: 'unsupported_type', description: 'The route does not read bodies of this Content-Type.' },
    SERVER_HEADERS_TOO_LARGE: { category: 'user', problem: 'too_large', description: 'The request headers are over 16 KB; Node refuses them before routing.' },
    SERVER_REQUEST_TIMEOUT: { category: 'user', description: 'The request was not received in time.' },
    SERVER_ROUTE_NOT_FOUND: { category: 'user', problem: 'not_found', description: 'No route has this method and path; the API is described at /docs.' },
    SERVER_METHOD_NOT_ALLOWED: { category: 'user', description: 'The path exists but not with this method.' },
    SERVER_NOT_ACCEPTABLE: { category: 'user', description: 'The route cannot answer in a media type the Accept header allows.' },
    SERVER_UNAUTHORIZED: { category: 'user', problem: 'unauthenticated', description: 'No credentials, or ones this tenant does not accept (API key, sidebar token).' },
    SERVER_FORBIDDEN: { category: 'user', problem: 'forbidden', description: 'The caller is known but may not do this.' },
    SERVER_CONFLICT: { category: 'user', problem: 'conflict', description: 'A framework-level conflict with no code of its own.' },
    SERVER_RATE_LIMITED: { category: 'user', problem: 'rate_limited', description: 'Too many requests from this caller; wait as Retry-After says.' },
    SERVER_SERVICE_UNAVAILABLE: { category: 'upstream', problem: 'unavailable', description: 'The server is shutting down or over capacity; try again shortly.' },
    SERVER_INVALID_CHARACTER: { category: 'user', description: 'A string in the request holds a NUL character (\\u0000), which Postgres cannot store.' },
    SERVER_NUMBER_OUT_OF_RANGE: { category: 'user', description: 'A number in the request is not finite or is outside the documented range.' },
    SERVER_INTERNAL_ERROR: { category: 'system', description: 'A bug or an unexpected failure; the message is generic and the details are in the server log under the requestId.' },
    SERVER_NOT_READY: { category: 'upstream', problem: 'unavailable', description: 'GET /health/ready: the database does not answer; a load balancer should route elsewhere.' },
    SERVER_ADMIN_NOT_BUILT: { category: 'upstream', problem: 'unavailable', description: 'The admin console was requested but not built; run the build the message names.' },
    SERVER_SIDEBAR_NOT_BUILT: { category: 'upstream', problem: 'unavailable', description: 'The sidebar UI was requested but not built; run the build the message names.' },
    SERVER_METRICS_UNAUTHENTICATED: { category: 'user', problem: 'unauthenticated', description: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN> when METRICS_TOKEN is set.' },
    // Configuration and the CLI.
    SERVER_CONFIG_INVALID: { category: 'user', description: 'An environment variable is missing or invalid; the message names it and the expected form.' },
    SERVER_SECRET_KEY_MISMATCH: { category: 'user', description: 'Stored helpdesk credentials were sealed with another THREADLINE_SECRET_KEY than the one set.' },
    SERVER_DEMO_PORT_IN_USE: { category: 'user', description: 'A demo helpdesk cannot listen on its port; free it or set the *_SANDBOX_PORT variable.' },
    SERVER_CLI_USAGE: { category: 'user', description: 'A CLI command was called with missing or invalid arguments; the help is printed with it.' },
    SERVER_CLI_REQUEST_FAILED: { category: 'user', description: 'The CLI\'s call to the API failed; the message carries the API\'s own code and message.' },
    SERVER_CLI_SYNC_FAILED: { category: 'user', description: '`threadline kb sync` waited for a knowledge sync that failed; the message gives its reason.' },
    SERVER_CLI_REPLAY_FAILED: { category: 'user', description: '`threadline replay` waited for a replay job that failed.' },
    SERVER_CLI_HELPDESK_CHECK_FAILED: { category: 'user', description: '`threadline tenant create` asked the helpdesk who the credentials act as and was refused (wrong URL, token or key); nothing was stored.' },
    // The admin console's accounts and the policy.
    SERVER_AUTH_INVALID_CREDENTIALS: { category: 'user', problem: 'unauthenticated', description: 'Sign-in refused: the workspace, email or password is not right (the same answer for each, so accounts cannot be guessed).' },
    SERVER_AUTH_RATE_LIMITED: { category: 'user', problem: 'rate_limited', description: 'Too many failed sign-ins for this account or address within 15 minutes; wait as Retry-After says.' },
    SERVER_AUTH_SESSION_EXPIRED: { category: 'user', problem: 'unauthenticated', description: 'The console session has ended or was signed out; sign in again.' },
    SERVER_AUTH_CSRF_FAILED: { category: 'user', problem: 'forbidden', description: 'A cookie-signed write without the session\'s X-CSRF-Token, or from another site\'s Origin.' },
    SERVER_AUTH_ROLE_FORBIDDEN: { category: 'user', problem: 'forbidden', description: 'The signed-in role may not do this (a viewer writing, an admin managing people).' },
    SERVER_AUTH_LINK_INVALID: { category: 'user', description: 'An invitation or sign-in link that is unknown, used already or expired.' },
    SERVER_AUTH_WEAK_PASSWORD: { category: 'user', description: 'The new password is shorter than 12 characters.' },
    SERVER_PEOPLE_NOT_FOUND: { category: 'user', problem: 'not_found', description: 'No such person or invitation in this workspace.' },
    SERVER_PEOPLE_EXISTS: { category: 'user', problem: 'conflict', description: 'Someone with this email is a member of the workspace already.' },
    SERVER_PEOPLE_LAST_OWNER: { category: 'user', problem: 'conflict', description: 'The change would leave the workspace without an owner.' },
    SERVER_POLICY_INVALID: { category: 'user', description: 'A policy that passes the schema but does not make sense; the message names the field, and nothing of it is stored.' },
    // Tenants and their helpdesk.
    SERVER_TENANT_EXISTS: { category: 'user', problem: 'conflict', description: 'A tenant with this slug exists already.' },
    SERVER_HELPDESK_NOT_CONNECTED: { category: 'user', problem: 'conflict', description: 'The tenant has no helpdesk connection yet; connect Zendesk or Freshdesk first.' },
    SERVER_HELPDESK_ADDRESS_INVALID: { category: 'user', description: 'The Zendesk subdomain, Freshdesk domain or URL is not one Threadline can call (not a web address, or a private address not on THREADLINE_FETCH_ALLOW); nothing was stored.' },
    SERVER_HELPDESK_CREDENTIALS_MISSING: { category: 'user', description: 'A connection needs its credentials (Zendesk: the agent email and API token, or an OAuth access token; Freshdesk: an API key); they may be left blank only to keep the saved ones of the same helpdesk and sign-in.' },
    SERVER_HELPDESK_CREDENTIALS_REFUSED: {
      category: 'user',
      problem: 'unprocessable',
      description: 'The helpdesk refused the credentials when asked who they act as (wrong token or key, or not an agent); the message gives its answer and status. Nothing was stored.',
    },
    SERVER_HELPDESK_UNREACHABLE: {
      category: 'user',
      problem: 'unprocessable',
      description: 'Checking the credentials, nothing answered at the address given (unknown name, refused connection, timeout): check the subdomain, domain or URL. Nothing was stored.',
    },
    SERVER_HELPDESK_CHECK_FAILED: { category: 'upstream', description: 'Checking the credentials, the helpdesk answered with an error of its own (5xx, rate limit, an answer its API does not document); try again later. Nothing was stored.' },
    SERVER_WEBHOOK_UNAUTHENTICATED: { category: 'user', problem: 'unauthenticated', description: 'A webhook names an unknown tenant or carries credentials that do not verify.' },
    SERVER_IDENTITY_REGION_UNKNOWN: { category: 'user', description: 'The default phone region is not an ISO 3166-1 alpha-2 code.' },
    // Tickets, customers and answers.
    SERVER_TICKET_NOT_FOUND: {
      category: 'user',
      problem: 'not_found',
      description: 'The ticket is neither in the mirror nor in the tenant\'s helpdesk; every /v1/tickets/{ref}/… route answers it the same way.',
    },
    SERVER_CUSTOMER_NOT_FOUND: { category: 'user', problem: 'not_found', description: 'No customer with this id in the tenant.' },
    SERVER_TIMELINE_CURSOR_INVALID: { category: 'user', description: 'The timeline cursor is not one this API returned; start again without it.' },
    SERVER_ANSWER_NOT_FOUND: { category: 'user', problem: 'not_found', description: 'No answer (suggestion, draft, escalation) with this id in the tenant.' },
    SERVER_ANSWERS_RANGE_INVALID: { category: 'user', description: 'GET /v1/answers: the date range ends before it starts (`from` must be before `to`).' },
    SERVER_ANSWERS_CURSOR_INVALID: { category: 'user', description: 'GET /v1/answers: the cursor names no answer of this tenant (pass the nextCursor a previous page returned).' },
    SERVER_ANSWER_NOT_FAILED: { category: 'user', problem: 'conflict', description: 'Only a failed write-back can be retried; `details.writeback` says where this one is.' },
    SERVER_ANSWER_JOB_NOT_FAILED: { category: 'user', problem: 'conflict', description: 'The job writing this answer is still running or retrying on its own.' },
    SERVER_ANSWER_TICKET_GONE: { category: 'user', problem: 'conflict', description: 'The answer\'s ticket is no longer in the helpdesk, so it cannot be written.' },
    SERVER_IDEMPOTENCY_KEY_REUSED: { category: 'user', problem: 'unprocessable', description: 'This Idempotency-Key was used for a different request on this ticket; send a new key.' },
    SERVER_REWRITE_TARGET_LANGUAGE_REQUIRED: { category: 'user', description: 'A translation rewrite needs targetLanguage.' },
    SERVER_FEEDBACK_EDITED_TEXT_REQUIRED: { category: 'user', description: 'An "edited" feedback verdict needs editedText, the text the agent sent.' },
    SERVER_WRITEBACK_REFUSED: {
      category: 'user',
      problem: 'unprocessable',
      description: 'The helpdesk refused the write (validation, missing ticket, conflict): it fails again until something changes. `details.answerId` names the answer to retry.',
    },
    SERVER_WRITEBACK_FAILED: { category: 'upstream', description: 'Writing to the helpdesk failed (5xx, timeout, rate limit, credentials); `details.answerId` names the answer to retry.' },
    SERVER_HANDOFF_REFUSED: { category: 'user', problem: 'unprocessable', description: 'The helpdesk refused a write of a channel hand-off (the follow-up ticket, the note or the reply).' },
    SERVER_HANDOFF_FAILED: { category: 'upstream', description: 'A write of a channel hand-off failed in the helpdesk; sending the request again finishes it.' },
    // Jobs.
    SERVER_JOB_NOT_FOUND: { category: 'user', problem: 'not_found', description: 'No job with this id in the tenant.' },
    SERVER_JOB_NOT_FAILED: { category: 'user', problem: 'conflict', description: 'Only a failed job can be retried.' },
    // Replays.
    SERVER_REPLAY_NOT_FOUND: { category: 'user', problem: 'not_found', description: 'No replay with this id in the tenant (GET /v1/replays lists them).' },
    SERVER_REPLAY_NOT_COMPARABLE: {
      category: 'user',
      problem: 'conflict',
      description: 'The replay cannot be compared under another policy: it has not finished, it failed, or it ran before replays kept what each decision was made from; `details.status` says which.',
    },
    // Knowledge administration.
    SERVER_KB_SOURCE_CONFIG_INVALID: { category: 'user', description: 'A knowledge source\'s settings are incomplete or contradict each other.' },
    SERVER_KB_NOT_A_FILE_SOURCE: { category: 'user', description: 'Files can only be uploaded to a source of kind `file`.' },
    SERVER_KB_EMPTY_UPLOAD: { category: 'user', description: 'An upload had no bytes; send the file as an application/octet-stream body.' },
    SERVER_KB_CHUNK_NOT_FOUND: { category: 'user', problem: 'not_found', description: 'No knowledge chunk with this id in the tenant.' },
    // Reports.
    SERVER_REPORT_RANGE_INVALID: { category: 'user', description: 'The report\'s date range or interval is impossible or too long.' },
    SERVER_REPORT_CURSOR_INVALID: { category: 'user', description: 'The drill-down cursor is not one this endpoint returned.' },
    SERVER_REPORT_SETTINGS_INVALID: { category: 'user', description: 'Report settings (time zone, business hours, holidays) are invalid.' },
  },
});

export type ServerErrorCode = keyof typeof ServerErrors.codes;

/**
 * An error the server raises itself; its category and problem follow from its code.
 *
 * @example
 * throw new ServerError('SERVER_CUSTOMER_NOT_FOUND', 'No customer with that id in this tenant');
 */
export class ServerError extends errorClassFor(ServerErrors, 'ServerError') {}

/** True for a `ServerError`, optionally of one code. */
export function isServerError(error: unknown, code?: ServerErrorCode): error is ServerError {
  return error instanceof ServerError && (code === undefined || error.code === code);
}
