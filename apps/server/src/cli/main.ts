/**
 * `threadline` — the operator's command line.
 *
 *   threadline tenant create --slug acme --name "Acme" --zendesk https://acme.zendesk.com --email a@acme.com --token …
 *   threadline tenant create --slug acme --name "Acme" --freshdesk https://acme.freshdesk.com --api-key …
 *   threadline tenant list
 *   threadline kb add https://example.com/help | --crawl https://example.com | ./manual.pdf | helpdesk
 *   threadline kb sync --all
 *   threadline kb search "how long does shipping take"
 *   threadline admin invite --tenant acme --email lead@acme.com --role admin
 *   threadline policy set --channel chat --mode auto --threshold 0.6
 *
 * Tenant commands open the database directly (the embedded one is single-process: stop the server
 * first, or use DATABASE_URL).
 */
import { isThreadlineError } from '@threadline/platform';

const USAGE = `usage: threadline <command>

commands:
  tenant create   create a tenant connected to its helpdesk and print its API key
  tenant list     list tenants
  kb add          add a knowledge source (URL, site crawl, files, help center, macros, solved tickets)
  kb sync         sync sources now, with progress
  kb search       ask the knowledge index a question
  kb list         list knowledge sources
  replay          what the agent would have done on past solved tickets (writes nothing)
  admin invite    invite someone to the admin console (prints the link)
  policy get|set  read or change the agent's policy (per-channel mode and threshold, topics, identity)

run "threadline <command> --help" for the options of a command`;

async function main(argv: string[]): Promise<number> {
  const [group, ...rest] = argv;
  // Each command group loads only its own code: the HTTP commands never load the database or the models.
  if (group === 'tenant') return (await import('./tenant-command.js')).runTenantCommand(rest);
  if (group === 'kb') return (await import('./kb-command.js')).runKbCommand(rest);
  if (group === 'replay') return (await import('./replay-command.js')).runReplayCommand(rest);
  if (group === 'admin') return (await import('./admin-command.js')).runAdminCommand(rest);
  if (group === 'policy') return (await import('./policy-command.js')).runPolicyCommand(rest);
  if (!group || group === '--help' || group === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  process.stderr.write(`threadline: unknown command "${group}"\n\n${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isThreadlineError(error)) process.stderr.write(`threadline: ${error.message}\n`);
    else process.stderr.write(`threadline: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
