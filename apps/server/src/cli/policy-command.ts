import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ServerError } from '../errors.js';
import type { PolicyBody } from '../contract/policy.js';
import { createApiClient } from './api-client.js';

const usage = (message: string) => new ServerError('SERVER_CLI_USAGE', message);

const USAGE = `usage:
  threadline policy get                                   print the policy as JSON
  threadline policy set --file policy.json                replace it with a file (as "get" prints it)
  threadline policy set --channel chat --mode auto --threshold 0.6
                                                          change one channel, keep the rest
                                                          (--threshold 60% is the same, as the console shows it)
options: --tenant slug, --api-key tl_…, --url http://…`;

/**
 * A threshold as a share from 0 to 1 ("0.6"), or in percent as the console shows it ("60%"). A
 * bare number above 1 is refused here, saying both forms, rather than by the server's schema.
 */
export function parseThreshold(text: string): number {
  const isPercent = text.trim().endsWith('%');
  const number = Number(isPercent ? text.trim().slice(0, -1) : text);
  const threshold = isPercent ? Math.round(number * 10) / 1000 : number;
  if (text.trim() === '' || !Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw usage(`--threshold ${text} is not a threshold: give a share from 0 to 1 (0.6) or a percent (60%)`);
  }
  return threshold;
}

/**
 * `threadline policy get|set`: the same policy as GET/PUT /v1/policy. "set" with a channel reads
 * the policy, changes that channel and writes the whole back; the server validates and audits it.
 */
export async function runPolicyCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      file: { type: 'string' },
      channel: { type: 'string' },
      mode: { type: 'string' },
      threshold: { type: 'string' },
      tenant: { type: 'string' },
      url: { type: 'string' },
      'api-key': { type: 'string' },
    },
  });
  if (action !== 'get' && action !== 'set') throw usage(USAGE);
  const api = createApiClient({
    ...(values.url ? { url: values.url } : {}),
    ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
    ...(values.tenant ? { tenant: values.tenant } : {}),
  });
  if (action === 'get') {
    process.stdout.write(`${JSON.stringify(await api.request<PolicyBody>('GET', '/v1/policy'), null, 2)}\n`);
    return 0;
  }
  let next: PolicyBody;
  if (values.file) {
    next = JSON.parse(readFileSync(values.file, 'utf8')) as PolicyBody;
  } else if (values.channel) {
    const current = await api.request<PolicyBody>('GET', '/v1/policy');
    const channel = values.channel as keyof PolicyBody['channels'];
    const setting = current.channels[channel];
    if (!setting) throw usage(`unknown channel "${values.channel}"; known: ${Object.keys(current.channels).join(', ')}`);
    const threshold = values.threshold === undefined ? setting.confidenceThreshold : parseThreshold(values.threshold);
    next = { ...current, channels: { ...current.channels, [channel]: { mode: (values.mode ?? setting.mode) as typeof setting.mode, confidenceThreshold: threshold } } };
  } else {
    throw usage(USAGE);
  }
  const saved = await api.request<PolicyBody>('PUT', '/v1/policy', next);
  process.stdout.write(`${JSON.stringify(saved, null, 2)}\n`);
  return 0;
}
