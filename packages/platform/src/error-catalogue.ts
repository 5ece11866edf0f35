import { ThreadlineError, type ErrorCategory, type ErrorProblem, type JsonValue, type ThreadlineErrorOptions } from './errors.js';

/** One code of a catalogue: how it is classified, and the sentence the errors reference prints. */
export interface ErrorDefinition {
  category: ErrorCategory;
  /** Defaults as `ThreadlineError` does: `invalid` for `user`, `failed` otherwise. */
  problem?: ErrorProblem;
  /** When it happens and what to do about it: the row of `docs/errors.md`. */
  description: string;
}

/**
 * A package's error codes, as fastify's `lib/errors.js` keeps them: one table, keyed by the code
 * itself, each with its category, problem and documentation. The table is what the errors test
 * and `pnpm docs:errors` read, so a code cannot exist without a documented row.
 *
 * Prefixes (one per package; connector codes name the helpdesk they come from):
 *
 * | package | prefix |
 * | --- | --- |
 * | `@threadline/platform` | `PLATFORM_` |
 * | `@threadline/connector-core` | `CONNECTOR_`, and `ZENDESK_` / `FRESHDESK_` for a helpdesk's failures |
 * | `@threadline/knowledge` | `KNOWLEDGE_` |
 * | `@threadline/eval` | `EVAL_` |
 * | `@threadline/server` | `SERVER_` |
 *
 * @example
 * export const EvalErrors = defineErrorCatalogue({
 *   package: '@threadline/eval',
 *   prefixes: ['EVAL_'],
 *   codes: { EVAL_CONFIG_INVALID: { category: 'user', description: 'A flag is invalid.' } },
 * });
 */
export interface ErrorCatalogue<Code extends string = string> {
  package: string;
  prefixes: readonly string[];
  codes: Readonly<Record<Code, ErrorDefinition>>;
}

export function defineErrorCatalogue<const Code extends string>(catalogue: ErrorCatalogue<Code>): ErrorCatalogue<Code> {
  return Object.freeze({ ...catalogue, codes: Object.freeze({ ...catalogue.codes }) });
}

/** The `ThreadlineError` options a catalogue gives one of its codes. */
export function classify<Code extends string>(catalogue: ErrorCatalogue<Code>, code: Code): Pick<ThreadlineErrorOptions, 'code' | 'category' | 'problem'> {
  const definition = catalogue.codes[code];
  return { code, category: definition.category, problem: definition.problem };
}

/**
 * The one constructor every package's error class has: `new XError(code, message, details?, cause?)`,
 * classified by its catalogue, so a code cannot be raised with another category than it is documented with.
 *
 * @example
 * export class EvalError extends errorClassFor(EvalErrors, 'EvalError') {}
 * throw new EvalError('EVAL_DATASET_INVALID', 'hint3/train.csv has no "text" column', { file: 'hint3/train.csv' });
 */
export function errorClassFor<Code extends string>(catalogue: ErrorCatalogue<Code>, name: string) {
  return class CataloguedError extends ThreadlineError {
    declare readonly code: Code;

    constructor(code: Code, message: string, details: Record<string, JsonValue> = {}, cause?: unknown) {
      super({ ...classify(catalogue, code), message, details, cause });
      this.name = name;
    }
  };
}
