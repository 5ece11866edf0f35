import type { JsonValue } from '@threadline/platform';
import { ServerError } from '../errors.js';

/** A policy refused as a whole (nothing of it is stored), naming the field and why. */
export function policyInvalid(field: string, reason: string, details: Record<string, JsonValue> = {}): ServerError {
  return new ServerError('SERVER_POLICY_INVALID', `${field}: ${reason}`, { field, ...details });
}
