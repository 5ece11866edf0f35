import { ThreadlineError, type JsonValue } from '@threadline/platform';

/** The policy API's error catalogue: a policy that passes the schema but does not make sense. */
export const POLICY_ERRORS = {
  POLICY_INVALID: { status: 400, message: 'The policy is not valid' },
} as const satisfies Record<string, { status: number; message: string }>;

/** A policy refused as a whole (nothing of it is stored), naming the field and why. */
export function policyInvalid(field: string, reason: string, details: Record<string, JsonValue> = {}): ThreadlineError {
  return new ThreadlineError({ code: 'POLICY_INVALID', category: 'user', status: POLICY_ERRORS.POLICY_INVALID.status, message: `${field}: ${reason}`, details: { field, ...details } });
}
