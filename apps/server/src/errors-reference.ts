import { PlatformErrors, type ErrorCatalogue, type ErrorCategory } from '@threadline/platform';
import { ConnectorErrors } from '@threadline/connector-core';
import { KnowledgeErrors } from '@threadline/knowledge';
import { EvalErrors } from '@threadline/eval/errors';
import { ServerErrors } from './errors.js';
import { statusOf } from './plugins/app/error-handler.js';

/** Every package's catalogue, in the order the reference lists them (the ground first, the API last). */
export const ERROR_CATALOGUES: readonly ErrorCatalogue[] = [PlatformErrors, ConnectorErrors, KnowledgeErrors, EvalErrors, ServerErrors];

/** Where the generated reference lives, from the repository root. */
export const ERRORS_REFERENCE_PATH = 'docs/errors.md';

const CATEGORY_WORDS: Record<ErrorCategory, string> = {
  user: 'the request must change',
  upstream: 'a dependency failed; try again later',
  system: 'a bug or a broken setup; details in the server log',
};

/**
 * The errors reference (`docs/errors.md`), generated from the catalogues by `pnpm docs:errors`
 * and checked against them by `errors-reference.test.ts`, so it cannot drift from the code.
 */
export function renderErrorsReference(catalogues: readonly ErrorCatalogue[] = ERROR_CATALOGUES): string {
  const lines = [
    '# Error codes',
    '',
    '<!-- Generated from each package\'s errors.ts by `pnpm docs:errors`; edit the catalogue, not this file. -->',
    '',
    'Every error body is `{ code, message, details?, requestId }`. Branch on `code`, never on `message`.',
    'A library package says what went wrong (category and problem); the server\'s error handler',
    '(`apps/server/src/plugins/app/error-handler.ts`) alone turns that into the HTTP status shown here.',
    '',
    '| category | meaning |',
    '| --- | --- |',
    ...Object.entries(CATEGORY_WORDS).map(([category, words]) => `| \`${category}\` | ${words} |`),
  ];
  for (const catalogue of catalogues) {
    lines.push('', `## ${catalogue.package}`, '', `Prefix${catalogue.prefixes.length > 1 ? 'es' : ''}: ${catalogue.prefixes.map((prefix) => `\`${prefix}\``).join(', ')}`, '');
    lines.push('| code | category | problem | HTTP | when |', '| --- | --- | --- | --- | --- |');
    for (const [code, definition] of Object.entries(catalogue.codes)) {
      const problem = definition.problem ?? (definition.category === 'user' ? 'invalid' : 'failed');
      const status = statusOf({ category: definition.category, problem });
      lines.push(`| <a id="${code.toLowerCase()}"></a>\`${code}\` | ${definition.category} | ${problem} | ${status} | ${definition.description.replaceAll('|', '\\|')} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
