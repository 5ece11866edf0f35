import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { migrate, openDb } from '@threadline/platform/db';
import { loadConfig } from '../config.js';
import { createSecretBox, loadSecretKey } from '../tenants/secret-box.js';
import { migrationSets } from '../migrations.js';
import { listTenants, type HelpdeskCredentials } from '../tenants/tenants-repository.js';
import { provisionTenant } from '../tenants/provision-tenant.js';
import { webhookSetup, webhookUrl } from '../helpdesk/webhook-setup.js';
import { createConnector } from '../helpdesk/helpdesk-registry.js';
import { hasOnlyDemoTenants } from '../demo/demo-tenants.js';
import { ServerError } from '../errors.js';

const CREATE_HELP = `usage: threadline tenant create --slug <slug> --name <name> (zendesk | freshdesk options)

  --slug            lower-case id used in webhook URLs, e.g. acme
  --name            display name
 Zendesk:
  --zendesk <url>   https://<subdomain>.zendesk.com
  --email <email>   agent email for the API token, with --token <token>
  --oauth-token <t> or an OAuth access token instead of email + token
 Freshdesk:
  --freshdesk <url> https://<domain>.freshdesk.com
  --api-key <key>   the agent's API key
 Both:
  --webhook-secret  Zendesk: the webhook's signing secret; Freshdesk: the value your automation
                    rule sends in X-Threadline-Webhook-Secret (generated when omitted)
  --public-url      where the helpdesk reaches Threadline, e.g. https://threadline.acme.com (default: PUBLIC_URL)
                    (for the printed webhook setup)`;

function usageError(message: string): ServerError {
  return new ServerError('SERVER_CLI_USAGE', `${message}\n\n${CREATE_HELP}`);
}

function credentialsFrom(values: Record<string, string | boolean | undefined>): { baseUrl: string; credentials: HelpdeskCredentials } {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const zendesk = text('zendesk');
  const freshdesk = text('freshdesk');
  if (Boolean(zendesk) === Boolean(freshdesk)) throw usageError('give exactly one of --zendesk <url> or --freshdesk <url>');
  const baseUrl = (zendesk ?? freshdesk) as string;
  if (!/^https?:\/\/[^/]+/.test(baseUrl)) throw usageError(`"${baseUrl}" is not a URL (expected e.g. https://acme.zendesk.com)`);
  if (zendesk) {
    const oauth = text('oauth-token');
    if (oauth) return { baseUrl, credentials: { kind: 'zendesk', auth: { type: 'oauth', accessToken: oauth } } };
    const email = text('email');
    const token = text('token');
    if (!email || !token) throw usageError('Zendesk needs --email and --token (or --oauth-token)');
    return { baseUrl, credentials: { kind: 'zendesk', auth: { type: 'token', email, token } } };
  }
  const apiKey = text('api-key');
  if (!apiKey) throw usageError('Freshdesk needs --api-key');
  return { baseUrl, credentials: { kind: 'freshdesk', auth: { apiKey } } };
}

async function checkCredentials(baseUrl: string, credentials: HelpdeskCredentials): Promise<{ name: string; email: string | null; role: string }> {
  const vendor = credentials.kind === 'zendesk' ? 'Zendesk' : 'Freshdesk';
  try {
    return await createConnector({ baseUrl, credentials }).whoAmI();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ServerError('SERVER_CLI_HELPDESK_CHECK_FAILED', `${vendor} at ${baseUrl} did not accept these credentials, so nothing was stored: ${reason}`, { baseUrl }, error);
  }
}

/** What the operator should know when a first real tenant ends the demo (demo mode `auto`). */
function demoTurnsOff(existing: readonly { slug: string }[], mode: 'auto' | 'on' | 'off'): string | null {
  if (mode !== 'auto' || existing.length === 0 || !hasOnlyDemoTenants(existing)) return null;
  return 'note: the demo helpdesks and tenants stop on the next start, since a tenant of your own now exists; set THREADLINE_DEMO=on to keep them running beside it';
}

export async function runTenantCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const config = loadConfig();
  if (action === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: {
        slug: { type: 'string' },
        name: { type: 'string' },
        zendesk: { type: 'string' },
        freshdesk: { type: 'string' },
        email: { type: 'string' },
        token: { type: 'string' },
        'oauth-token': { type: 'string' },
        'api-key': { type: 'string' },
        'webhook-secret': { type: 'string' },
        'public-url': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${CREATE_HELP}\n`);
      return 0;
    }
    if (!values.slug || !/^[a-z0-9][a-z0-9-]{1,62}$/.test(values.slug)) throw usageError('--slug must be 2–63 lower-case letters, digits or dashes');
    if (!values.name) throw usageError('--name is required');
    const { baseUrl, credentials } = credentialsFrom(values);
    const webhookSecret = values['webhook-secret'] ?? randomBytes(24).toString('base64url');
    // The embedded database is opened first: a running server holds it, and that is said before anything else.
    const db = await openDb(config.database);
    try {
      // The credentials are checked against the helpdesk before anything is stored: a wrong token is
      // refused here, not found later as every ticket failing.
      const agent = await checkCredentials(baseUrl.replace(/\/$/, ''), credentials);
      await migrate(db, migrationSets);
      const demoNote = demoTurnsOff(await listTenants(db), config.demo.mode);
      const secrets = createSecretBox(loadSecretKey(config.secrets));
      const { tenant, apiKey, sidebarSecret } = await provisionTenant(db, secrets, { slug: values.slug, name: values.name, baseUrl: baseUrl.replace(/\/$/, ''), credentials, webhookSecret });
      process.stdout.write(
        [
          `created tenant ${tenant.slug} (${tenant.id}), connected to ${credentials.kind} as ${agent.name}${agent.email ? ` <${agent.email}>` : ''} (${agent.role})`,
          ...(demoNote ? [demoNote] : []),
          `API key (shown once): ${apiKey}`,
          `sidebar shared secret (the helpdesk app's secure setting): ${sidebarSecret}`,
          `webhook URL: ${webhookUrl(values['public-url'] ?? config.publicUrl, credentials.kind, tenant.slug)}`,
          credentials.kind === 'freshdesk'
            ? `automation rule header: X-Threadline-Webhook-Secret: ${webhookSecret}`
            : values['webhook-secret']
              ? 'webhook signing secret: as given'
              : `webhook signing secret to expect: ${webhookSecret} (or pass Zendesk's with --webhook-secret)`,
          '',
          ...webhookSetup({ kind: credentials.kind, url: webhookUrl(values['public-url'] ?? config.publicUrl, credentials.kind, tenant.slug), secret: webhookSecret }),
          '',
        ].join('\n'),
      );
      return 0;
    } finally {
      await db.close();
    }
  }
  if (action === 'list') {
    const db = await openDb(config.database);
    try {
      await migrate(db, migrationSets);
      const tenants = await listTenants(db);
      // The list stays on stdout for scripts; an empty one says, on stderr, what to do next.
      if (tenants.length === 0) process.stderr.write('no tenants yet: create one with `threadline tenant create` (its options: `threadline tenant create --help`)\n');
      for (const tenant of tenants) process.stdout.write(`${tenant.slug}\t${tenant.name}\t${tenant.id}\n`);
      return 0;
    } finally {
      await db.close();
    }
  }
  process.stderr.write(`threadline: unknown tenant action "${action ?? ''}" (use create or list)\n`);
  return 2;
}
