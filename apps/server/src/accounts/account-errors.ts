import type { JsonValue } from '@threadline/platform';
import { ServerError, type ServerErrorCode } from '../errors.js';

/**
 * The console accounts' codes (sign-in, sessions, roles, invitations; catalogued in `../errors.ts`)
 * with the message each says when no more precise reason is given.
 */
export const ACCOUNT_MESSAGES = {
  SERVER_AUTH_INVALID_CREDENTIALS: 'The workspace, email or password is not right',
  SERVER_AUTH_RATE_LIMITED: 'Too many failed sign-ins; wait before trying again',
  SERVER_AUTH_SESSION_EXPIRED: 'The session has ended; sign in again',
  SERVER_AUTH_CSRF_FAILED: "A signed-in write must carry the X-CSRF-Token the session was given, from the console's own origin",
  SERVER_AUTH_ROLE_FORBIDDEN: 'Your role does not allow this',
  SERVER_AUTH_LINK_INVALID: 'This link is unknown, used already or expired; ask an owner for a new one',
  SERVER_AUTH_WEAK_PASSWORD: 'A password needs at least 12 characters',
  SERVER_PEOPLE_NOT_FOUND: 'No such person or invitation in this workspace',
  SERVER_PEOPLE_EXISTS: 'Someone with this email is a member already',
  SERVER_PEOPLE_LAST_OWNER: 'A workspace keeps at least one owner',
} as const satisfies Partial<Record<ServerErrorCode, string>>;

export type AccountErrorCode = keyof typeof ACCOUNT_MESSAGES;

/** Makes a catalogued error; `message` replaces the default when the reason can be more precise. */
export function accountError(code: AccountErrorCode, options: { message?: string; details?: Record<string, JsonValue> } = {}): ServerError {
  return new ServerError(code, options.message ?? ACCOUNT_MESSAGES[code], options.details ?? {});
}
