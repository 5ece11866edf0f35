import { describe, expect, it } from 'vitest';
import { failureOf } from '../../../test/fixtures/source-results.js';
import { createFetchPolicy, fetchAllowListProblem, type HostLookup } from './fetch-policy.js';

/** A resolver from a table: no DNS. */
function lookupFrom(table: Record<string, string[]>): HostLookup {
  return async (hostname) => (table[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
}

describe('createFetchPolicy', () => {
  const policy = createFetchPolicy({ lookup: lookupFrom({}) });

  it.each([
    ['http://127.0.0.1/', '127.0.0.1', 'a loopback address'],
    ['http://127.1/', '127.0.0.1', 'a loopback address'],
    ['http://2130706433/', '127.0.0.1', 'a loopback address'],
    ['http://0x7f000001/', '127.0.0.1', 'a loopback address'],
    ['http://0177.0.0.1/', '127.0.0.1', 'a loopback address'],
    ['http://0.0.0.0/', '0.0.0.0', 'the unspecified address'],
    ['http://10.1.2.3/', '10.1.2.3', 'a private network address'],
    ['http://172.16.0.1/', '172.16.0.1', 'a private network address'],
    ['http://192.168.1.1/', '192.168.1.1', 'a private network address'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254', 'a link-local address (where cloud metadata services live)'],
    ['http://100.100.100.200/', '100.100.100.200', 'a carrier-grade NAT address'],
    ['http://224.0.0.1/', '224.0.0.1', 'a multicast address'],
    ['http://255.255.255.255/', '255.255.255.255', 'the broadcast address'],
    ['http://192.0.2.10/', '192.0.2.10', 'a reserved or documentation address'],
    ['http://240.0.0.1/', '240.0.0.1', 'a reserved or documentation address'],
    ['http://[::1]/', '::1', 'a loopback address'],
    ['http://[::]/', '::', 'the unspecified address'],
    ['http://[fe80::1]/', 'fe80::1', 'a link-local address (where cloud metadata services live)'],
    ['http://[fd00:ec2::254]/', 'fd00:ec2::254', 'a private network address (IPv6 unique local)'],
    ['http://[ff02::1]/', 'ff02::1', 'a multicast address'],
    ['http://[2001:db8::1]/', '2001:db8::1', 'a reserved or documentation address'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1', 'an IPv4-mapped IPv6 address'],
    ['http://[::ffff:8.8.8.8]/', '::ffff:808:808', 'an IPv4-mapped IPv6 address'],
    ['http://[64:ff9b::7f00:1]/', '64:ff9b::7f00:1', 'a special-purpose address (rfc6052)'],
    ['http://[2002:7f00:1::]/', '2002:7f00:1::', 'a special-purpose address (6to4)'],
  ])('refuses %s, a literal %s, without resolving it', async (input, address, reason) => {
    const url = new URL(input);
    expect(() => policy.checkLiteral(url)).toThrowError(expect.objectContaining({ code: 'KNOWLEDGE_URL_FORBIDDEN_ADDRESS', category: 'user', problem: 'unprocessable' }));
    const error = await failureOf(policy.resolve(url));
    expect(error.details).toEqual({ url: url.href, host: url.hostname, address, reason });
    expect(error.message).toBe(`${url.href} may not be fetched: ${address} is ${reason}; only public addresses are fetched unless the operator allows the host`);
  });

  it('lets public addresses through', async () => {
    expect(() => policy.checkLiteral(new URL('http://93.184.215.14/'))).not.toThrow();
    await expect(policy.resolve(new URL('https://[2606:4700::6810:84e5]/'))).resolves.toEqual([{ address: '2606:4700::6810:84e5', family: 6 }]);
  });

  it('refuses a name when any of its addresses is private, and names the address', async () => {
    const named = createFetchPolicy({ lookup: lookupFrom({ 'docs.example.test': ['93.184.215.14', '127.0.0.1'], 'metadata.google.internal': ['169.254.169.254'] }) });
    expect(() => named.checkLiteral(new URL('http://docs.example.test/'))).not.toThrow();
    const error = await failureOf(named.resolve(new URL('http://docs.example.test/help')));
    expect(error).toMatchObject({ code: 'KNOWLEDGE_URL_FORBIDDEN_ADDRESS', details: { url: 'http://docs.example.test/help', host: 'docs.example.test', address: '127.0.0.1', reason: 'a loopback address' } });
    expect(error.message).toContain('docs.example.test resolves to 127.0.0.1, a loopback address');
    await expect(named.resolveHostname('metadata.google.internal')).rejects.toMatchObject({ details: { address: '169.254.169.254' } });
  });

  it('resolves the names the operator allows to whatever they point at, and allows addresses inside allowed ranges', async () => {
    const intranet = createFetchPolicy({
      allow: ['Docs.Corp.Example', '10.20.0.0/16', '127.0.0.2', 'fd00:1::/32'],
      lookup: lookupFrom({ 'docs.corp.example': ['192.168.7.7'], 'wiki.corp.example': ['10.20.3.4'], 'other.corp.example': ['10.21.0.1'] }),
    });
    await expect(intranet.resolve(new URL('http://docs.corp.example/'))).resolves.toEqual([{ address: '192.168.7.7', family: 4 }]);
    await expect(intranet.resolve(new URL('http://wiki.corp.example/'))).resolves.toEqual([{ address: '10.20.3.4', family: 4 }]);
    await expect(intranet.resolve(new URL('http://other.corp.example/'))).rejects.toMatchObject({ details: { address: '10.21.0.1' } });
    expect(() => intranet.checkLiteral(new URL('http://127.0.0.2:8080/'))).not.toThrow();
    expect(() => intranet.checkLiteral(new URL('http://[fd00:1::5]/'))).not.toThrow();
    expect(() => intranet.checkLiteral(new URL('http://127.0.0.1/'))).toThrowError(expect.objectContaining({ code: 'KNOWLEDGE_URL_FORBIDDEN_ADDRESS' }));
  });

  it('refuses an allowlist entry that is neither a host, an address nor a range', () => {
    expect(fetchAllowListProblem(['docs.corp.example', '10.0.0.0/8', '::1', ' 192.168.0.7 ', 'fd00::/8'])).toBeNull();
    expect(fetchAllowListProblem(['docs.corp.example', 'docs corp'])).toBe('"docs corp" is neither a host name, an IP address nor a CIDR range');
    for (const entry of ['10.0.0.0/33', 'http://docs.corp.example', '10.0.0/8']) {
      expect(fetchAllowListProblem([entry]), entry).not.toBeNull();
      expect(() => createFetchPolicy({ allow: [entry] })).toThrowError(expect.objectContaining({ code: 'KNOWLEDGE_SOURCE_INVALID_OPTIONS', details: { allow: [entry] } }));
    }
  });
});
