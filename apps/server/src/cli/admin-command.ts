import { parseArgs } from 'node:util';
import { ServerError } from '../errors.js';
import type { CreatedInviteBody } from '../contract/people.js';
import { createApiClient } from './api-client.js';

const ROLES = ['owner', 'admin', 'viewer'] as const;
const usage = (message: string) => new ServerError('SERVER_CLI_USAGE', message);

/**
 * `threadline admin invite --tenant T --email E --role R`: an invitation to the admin console,
 * made through the running server with the tenant's API key (so it needs no stopped server), and
 * printed as the link the person opens to choose a password.
 */
export async function runAdminCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== 'invite') throw usage('usage: threadline admin invite --email someone@example.com --role owner|admin|viewer [--tenant slug] [--api-key tl_…] [--url …]');
  const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, role: { type: 'string' }, tenant: { type: 'string' }, url: { type: 'string' }, 'api-key': { type: 'string' } } });
  if (!values.email) throw usage('--email is required: who is invited');
  const role = values.role ?? 'admin';
  if (!(ROLES as readonly string[]).includes(role)) throw usage(`--role must be one of ${ROLES.join(', ')}`);
  const api = createApiClient({
    ...(values.url ? { url: values.url } : {}),
    ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
    ...(values.tenant ? { tenant: values.tenant } : {}),
  });
  const created = await api.request<CreatedInviteBody>('POST', '/v1/people/invites', { email: values.email, role });
  process.stdout.write(`${api.baseUrl}${created.path}\n`);
  process.stderr.write(`invited ${created.invite.email} as ${created.invite.role}; the link works once, until ${created.invite.expiresAt}\n`);
  return 0;
}
