/**
 * `threadline` — the operator's command line.
 *
 *   threadline tenant create --slug acme --name "Acme" --zendesk https://acme.zendesk.com --email a@acme.com --token …
 *   threadline tenant create --slug acme --name "Acme" --freshdesk https://acme.freshdesk.com --api-key …
 *   threadline tenant list
 *
 * Tenant commands open the database directly (the embedded one is single-process: stop the server
 * first, or use DATABASE_URL).
 */
import { isThreadlineError } from '@threadline/platform';
import { runTenantCommand } from './tenant-command.js';

const USAGE = `usage: threadline <command>

commands:
  tenant create   create a tenant connected to its helpdesk and print its API key
  tenant list     list tenants

run "threadline <command> --help" for the options of a command`;

async function main(argv: string[]): Promise<number> {
  const [group, ...rest] = argv;
  if (group === 'tenant') return runTenantCommand(rest);
  process.stderr.write(group && group !== '--help' && group !== 'help' ? `threadline: unknown command "${group}"\n\n${USAGE}\n` : `${USAGE}\n`);
  return group && group !== '--help' && group !== 'help' ? 2 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isThreadlineError(error)) process.stderr.write(`threadline: ${error.message}\n`);
    else process.stderr.write(`threadline: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
