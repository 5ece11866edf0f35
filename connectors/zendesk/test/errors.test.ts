import { describe, expect, it } from 'vitest';
import { parseZendeskError } from '../src/errors.js';

const parse = (status: number, text: string) => {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain text
  }
  return parseZendeskError(status, body, text);
};

describe('parseZendeskError', () => {
  it('reads the error code with its description', () => {
    expect(parse(404, '{"error":"RecordNotFound","description":"Not found"}')).toEqual({ message: 'RecordNotFound: Not found' });
  });

  it('reads the 401 body, which has no description', () => {
    expect(parse(401, '{"error":"Couldn\'t authenticate you"}')).toEqual({ message: "Couldn't authenticate you" });
  });

  it('reads field errors from RecordInvalid details', () => {
    const parsed = parse(
      422,
      '{"error":"RecordInvalid","description":"Record validation errors","details":{"requester":[{"description":"Requester: Email is invalid","error":"InvalidValue"}],"group":[{"description":"Group: is invalid","error":"InvalidValue"}]}}',
    );
    expect(parsed.message).toBe('RecordInvalid: Record validation errors');
    expect(parsed.fieldErrors).toEqual([
      { field: 'requester', message: 'Requester: Email is invalid', code: 'InvalidValue' },
      { field: 'group', message: 'Group: is invalid', code: 'InvalidValue' },
    ]);
  });

  it('reads the {title, message} error shape', () => {
    expect(parse(403, '{"error":{"title":"Forbidden","message":"You do not have access to this page"}}')).toEqual({ message: 'Forbidden: You do not have access to this page' });
  });

  it('reads the errors-array shape with its source pointer', () => {
    const parsed = parse(400, '{"errors":[{"code":"InvalidPaginationParameter","title":"Invalid pagination parameter","detail":"page[size] too big","source":{"parameter":"page[size]"}}]}');
    expect(parsed.message).toBe('Invalid pagination parameter: page[size] too big');
    expect(parsed.fieldErrors).toEqual([{ field: 'page[size]', message: 'page[size] too big', code: 'InvalidPaginationParameter' }]);
  });

  it('keeps a plain-text body, such as the 429 one', () => {
    expect(parse(429, 'Number of allowed API requests per minute exceeded')).toEqual({ message: 'Number of allowed API requests per minute exceeded' });
  });

  it('falls back to the status for an empty body', () => {
    expect(parse(502, '')).toEqual({ message: 'HTTP 502' });
  });
});
