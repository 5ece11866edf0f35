import type { TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';

const validators = new WeakMap<TSchema, Validator>();

/**
 * Problems of `value` against `schema` (at most `limit`, as "path message"), or an empty list when
 * it is valid. The schema is compiled once and kept: answers are checked on every event, and the
 * interpreting checker costs several times more.
 */
export function schemaProblems(schema: TSchema, value: unknown, limit = 10): string[] {
  let validator = validators.get(schema);
  if (!validator) {
    validator = Compile(schema) as unknown as Validator;
    validators.set(schema, validator);
  }
  if (validator.Check(value)) return [];
  return validator
    .Errors(value)
    .slice(0, limit)
    .map((problem) => `${problem.instancePath || '/'} ${problem.message}`);
}
