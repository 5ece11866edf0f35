import type { FieldError } from '@threadline/connector-core';
import type { ParsedVendorError } from '@threadline/connector-core/http';

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/**
 * Reads Freshdesk's error bodies:
 * - validation: `{"description":"Validation failed","errors":[{"field","message","code"}]}`;
 * - flat (401/403 and others): `{"code":"invalid_credentials","message":"…"}`;
 * - anything else (an empty 404, a proxy's HTML page) falls back to the text or the status.
 * Validation codes land in `fieldErrors`, which is what callers branch on, never the message.
 */
export function parseFreshdeskError(status: number, body: unknown, raw: string): ParsedVendorError {
  if (isRecord(body)) {
    if (Array.isArray(body.errors)) {
      const fieldErrors: FieldError[] = body.errors.filter(isRecord).map((error) => ({
        field: text(error.field) ?? text(error.nested_field) ?? '',
        message: text(error.message) ?? '',
        code: text(error.code) ?? '',
      }));
      const details = fieldErrors.map((error) => `${error.field || '(request)'}: ${error.message}`).join('; ');
      const description = text(body.description) ?? 'Validation failed';
      return { message: details ? `${description} (${details})` : description, fieldErrors };
    }
    const code = text(body.code);
    const message = text(body.message) ?? text(body.description);
    if (message || code) {
      return {
        message: [message, code ? `(${code})` : undefined].filter(Boolean).join(' '),
        // A flat body on a rejected request (e.g. 409 duplicate_value) still names what was wrong.
        ...(code && (status === 400 || status === 409) ? { fieldErrors: [{ field: '', message: message ?? code, code }] } : {}),
      };
    }
  }
  const trimmed = raw.trim();
  if (trimmed) return { message: trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed };
  return { message: STATUS_TEXT[status] ?? `HTTP ${status}` };
}
