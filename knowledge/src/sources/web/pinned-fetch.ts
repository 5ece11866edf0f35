import type { LookupFunction } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import type { FetchLike } from './fetch-resource.js';
import type { FetchPolicy } from './fetch-policy.js';

const fetchers = new WeakMap<FetchPolicy, FetchLike>();

/**
 * A `fetch` whose sockets resolve host names through `policy`: the address checked is the address
 * connected to, so a name that answers a public address to the check and 127.0.0.1 to the
 * connection (DNS rebinding) is refused. TLS still verifies the certificate against the host name
 * (undici passes it as `servername`). One connection pool per policy.
 *
 * undici's own `fetch` is used with its `Agent`: the `fetch` built into Node carries an older undici
 * whose dispatcher interface an `Agent` of this version does not promise to match.
 */
export function createPinnedFetch(policy: FetchPolicy): FetchLike {
  const existing = fetchers.get(policy);
  if (existing) return existing;
  const lookup: LookupFunction = (hostname, options, callback) => {
    policy.resolveHostname(hostname).then(
      (addresses) => {
        if (options.all) return callback(null, addresses);
        const chosen = addresses.find((candidate) => !options.family || candidate.family === options.family) ?? addresses[0];
        if (!chosen) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
        callback(null, chosen.address, chosen.family);
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
  const agent = new Agent({ connect: { lookup } });
  const pinned: FetchLike = (input, init) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent }) as unknown as Promise<Response>;
  fetchers.set(policy, pinned);
  return pinned;
}
