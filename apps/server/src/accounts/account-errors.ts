import { ThreadlineError, type JsonValue } from '@threadline/platform';

/**
 * The console accounts' error catalogue: sign-in, sessions, roles and invitations. Every one is a
 * `user` error; the status is only a hint for the server's edge.
 */
export const ACCOUNT_ERRORS = {
  AUTH_INVALID_CREDENTIALS: { status: 401, message: 'The workspace, email or password is not right' },
  AUTH_RATE_LIMITED: { status: 429, message: 'Too many failed sign-ins; wait before trying again' },
  AUTH_SESSION_EXPIRED: { status: 401, message: 'The session has ended; sign in again' },
  AUTH_CSRF_FAILED: { status: 403, message: 'A signed-in write must carry the X-CSRF-Token the session was given, from the console\'s own origin' },
  AUTH_ROLE_FORBIDDEN: { status: 403, message: 'Your role does not allow this' },
  AUTH_LINK_INVALID: { status: 400, message: 'This link is unknown, used already or expired; ask an owner for a new one' },
  AUTH_WEAK_PASSWORD: { status: 400, message: 'A password needs at least 12 characters' },
  PEOPLE_NOT_FOUND: { status: 404, message: 'No such person or invitation in this workspace' },
  PEOPLE_EXISTS: { status: 409, message: 'Someone with this email is a member already' },
  PEOPLE_LAST_OWNER: { status: 409, message: 'A workspace keeps at least one owner' },
} as const satisfies Record<string, { status: number; message: string }>;

export type AccountErrorCode = keyof typeof ACCOUNT_ERRORS;

/** Makes a catalogued error; `message` replaces the default when the reason can be more precise. */
export function accountError(code: AccountErrorCode, options: { message?: string; details?: Record<string, JsonValue> } = {}): ThreadlineError {
  const entry = ACCOUNT_ERRORS[code];
  return new ThreadlineError({ code, category: 'user', status: entry.status, message: options.message ?? entry.message, ...(options.details ? { details: options.details } : {}) });
}
