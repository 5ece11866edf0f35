import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

/**
 * The admin console's address for a listening server: loopback when it listens on every
 * interface (a browser cannot open 0.0.0.0), with IPv6 hosts in brackets.
 */
export function consoleOrigin(address: Pick<AddressInfo, 'address' | 'port'>): string {
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/**
 * A link that signs the console in as a tenant at once: the key rides in the fragment, which the
 * browser never sends to the server, and the console removes it from the address bar on arrival.
 * @example consoleSignInUrl('http://127.0.0.1:3000', 'tl_abc') // 'http://127.0.0.1:3000/#key=tl_abc'
 */
export function consoleSignInUrl(origin: string, apiKey: string): string {
  return `${origin}/#key=${encodeURIComponent(apiKey)}`;
}

/**
 * Adds each demo tenant's console sign-in link to the demo keys file (`consoleUrl`). The links
 * carry the API keys, so they go to that file (0600), like the keys, and never to the log.
 */
export function writeConsoleLinks(options: { keysPath: string; origin: string; tenants: ReadonlyArray<{ slug: string; apiKey: string }> }): Record<string, string> {
  const links = Object.fromEntries(options.tenants.map((tenant) => [tenant.slug, consoleSignInUrl(options.origin, tenant.apiKey)]));
  addToKeysFile(options.keysPath, 'consoleUrl', links);
  return links;
}

/** Sets one field per tenant in the demo keys file, keeping the rest (the file stays 0600). */
export function addToKeysFile(keysPath: string, field: string, valueBySlug: Record<string, string>): void {
  const saved = JSON.parse(readFileSync(keysPath, 'utf8')) as Record<string, Record<string, unknown>>;
  for (const [slug, value] of Object.entries(valueBySlug)) saved[slug] = { ...saved[slug], [field]: value };
  writeFileSync(keysPath, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
}

/** The demo workspace owner's address (an account the demo makes, signed in by one-time links). */
export const demoOwnerEmail = (slug: string) => `owner@${slug}.example.com`;
