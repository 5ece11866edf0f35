import { writeFileSync } from 'node:fs';
import { ERRORS_REFERENCE_PATH, renderErrorsReference } from '../errors-reference.js';

// `pnpm docs:errors`: rewrites the errors reference from the catalogues (run from the repository root).
writeFileSync(new URL(`../../../../${ERRORS_REFERENCE_PATH}`, import.meta.url), renderErrorsReference());
process.stdout.write(`wrote ${ERRORS_REFERENCE_PATH}\n`);
