import type { FieldError } from '@threadline/connector-core';
import type { ParsedVendorError } from '@threadline/connector-core/http';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * `details` of a `RecordInvalid`: `{"requester":[{"description":"Requester: Email is invalid","error":"InvalidValue"}]}`.
 * A bare string per field also occurs.
 */
function detailsToFieldErrors(details: unknown): FieldError[] {
  if (!isRecord(details)) return [];
  const errors: FieldError[] = [];
  for (const [field, entries] of Object.entries(details)) {
    for (const entry of Array.isArray(entries) ? entries : [entries]) {
      if (isRecord(entry)) {
        errors.push({ field, message: text(entry.description) ?? text(entry.message) ?? field, code: text(entry.error) ?? 'InvalidValue' });
      } else if (text(entry)) {
        errors.push({ field, message: text(entry) as string, code: 'InvalidValue' });
      }
    }
  }
  return errors;
}

/**
 * Reads every error body shape Zendesk sends:
 * - `{"error":"RecordNotFound","description":"Not found"}` (with `details` for `RecordInvalid`);
 * - `{"error":"Couldn't authenticate you"}`;
 * - `{"error":{"title":"Forbidden","message":"You do not have access to this page"}}`;
 * - `{"errors":[{"code":"...","title":"...","detail":"..."}]}` (newer APIs such as webhooks);
 * - plain text, e.g. the 429 `Number of allowed API requests per minute exceeded`.
 */
export function parseZendeskError(status: number, body: unknown, raw: string): ParsedVendorError {
  if (isRecord(body)) {
    const fieldErrors = detailsToFieldErrors(body.details);
    const error = body.error;
    if (isRecord(error)) {
      const title = text(error.title);
      const message = text(error.message);
      return withFields([title, message].filter(Boolean).join(': ') || `HTTP ${status}`, fieldErrors);
    }
    if (text(error)) {
      const description = text(body.description);
      return withFields(description ? `${text(error)}: ${description}` : (text(error) as string), fieldErrors);
    }
    if (Array.isArray(body.errors)) {
      const parts = body.errors.filter(isRecord).map((item) => [text(item.title) ?? text(item.code), text(item.detail)].filter(Boolean).join(': '));
      const sourced = body.errors.filter(isRecord).flatMap((item): FieldError[] => {
        const pointer = isRecord(item.source) ? text(item.source.pointer) ?? text(item.source.parameter) : undefined;
        return pointer ? [{ field: pointer.replace(/^\/?(data\/)?(attributes\/)?/, ''), message: text(item.detail) ?? text(item.title) ?? pointer, code: text(item.code) ?? 'InvalidValue' }] : [];
      });
      return withFields(parts.filter(Boolean).join('; ') || `HTTP ${status}`, [...fieldErrors, ...sourced]);
    }
    const description = text(body.description);
    if (description) return withFields(description, fieldErrors);
  }
  const plain = text(raw);
  return { message: plain ? plain.slice(0, 300) : `HTTP ${status}` };
}

function withFields(message: string, fieldErrors: FieldError[]): ParsedVendorError {
  return fieldErrors.length > 0 ? { message, fieldErrors } : { message };
}
