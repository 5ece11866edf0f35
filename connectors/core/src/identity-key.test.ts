import { describe, expect, it } from 'vitest';
import { dedupeIdentities, identity, rekeyIdentities } from './identity.js';
import { emailKey, handleKey, normalizeIdentityValue, phoneKey } from './identity-key.js';

describe('phoneKey', () => {
  it.each([
    '+14155550134',
    '+1 (415) 555-0134',
    '415-555-0134',
    '(415) 555 0134',
    '(415) 555-0134',
    '415.555.0134',
    '4155550134',
    '1-415-555-0134',
    '+1 415-555-0134',
    'tel:+1-415-555-0134',
    '001 415 555 0134',
    '011 1 415 555 0134',
  ])('reads %s as one US number', (typed) => {
    expect(phoneKey(typed, 'US')).toBe('+14155550134');
  });

  it.each([
    ['020 7946 0018', 'GB', '+442079460018'],
    ['+44 20 7946 0018', 'US', '+442079460018'],
    ['0044 20 7946 0018', 'US', '+442079460018'],
    ['612 34 56 78', 'ES', '+34612345678'],
    ['+34 612 34 56 78', 'US', '+34612345678'],
    ['0034612345678', 'US', '+34612345678'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['030 1234567', 'DE', '+49301234567'],
  ])('reads %s in region %s as %s', (typed, region, key) => {
    expect(phoneKey(typed, region)).toBe(key);
  });

  it('reads a national number in the tenant region, so the region changes the person', () => {
    expect(phoneKey('(415) 555-0134', 'US')).toBe('+14155550134');
    expect(phoneKey('(415) 555-0134', 'gb')).toBe('+444155550134');
  });

  it('keeps an extension in the key: people behind one switchboard stay apart', () => {
    for (const typed of ['+1 415 555 0134 ext. 12', '(415) 555-0134 x12', '415-555-0134;ext=12']) expect(phoneKey(typed, 'US')).toBe('+14155550134;ext=12');
    expect(phoneKey('+1 415 555 0134 ext. 13', 'US')).not.toBe(phoneKey('+1 415 555 0134 ext. 12', 'US'));
  });

  it('keeps the digits of a number that does not parse, never starting with + so it cannot collide with a parsed one', () => {
    expect(phoneKey('555-0134', 'US')).toBe('5550134');
    expect(phoneKey('+999 123', 'US')).toBe('999123');
    expect(phoneKey('12', 'US')).toBe('12');
  });

  it('gives garbage without digits no key at all', () => {
    for (const typed of ['anonymous', 'Private', '  ', '']) expect(phoneKey(typed, 'US')).toBe('');
  });

  it('falls back to international parsing when the region is unknown', () => {
    expect(phoneKey('+1 (415) 555-0134', 'XX')).toBe('+14155550134');
    expect(phoneKey('(415) 555-0134', 'XX')).toBe('4155550134');
  });
});

describe('emailKey', () => {
  it('matches case-insensitively, always', () => {
    expect(emailKey('  Jane.Cooper@Example.COM ')).toBe('jane.cooper@example.com');
  });

  it('keeps plus-addressing and Gmail dots apart unless the tenant opts in', () => {
    expect(emailKey('jane+orders@x.com')).toBe('jane+orders@x.com');
    expect(emailKey('j.ane@gmail.com')).toBe('j.ane@gmail.com');
    expect(emailKey('Jane+Orders@X.com', true)).toBe('jane@x.com');
    expect(emailKey('J.a.n.e+trips@GoogleMail.com', true)).toBe('jane@gmail.com');
  });

  it('ignores dots only at Gmail, and leaves odd addresses whole', () => {
    expect(emailKey('j.ane@x.com', true)).toBe('j.ane@x.com');
    expect(emailKey('+tag@x.com', true)).toBe('+tag@x.com');
    expect(emailKey('not-an-address', true)).toBe('not-an-address');
  });
});

describe('normalizeIdentityValue', () => {
  it('strips the @ of a handle and ignores case, per platform', () => {
    expect(handleKey('@@JaneC ')).toBe('janec');
    expect(normalizeIdentityValue('twitter', '@JaneC')).toBe('janec');
    expect(normalizeIdentityValue('instagram', '@Jane.IG')).toBe('jane.ig');
    expect(normalizeIdentityValue('facebook', 'Jane.FB')).toBe('jane.fb');
  });

  it('treats WhatsApp numbers as phone numbers and other ids as opaque', () => {
    expect(normalizeIdentityValue('whatsapp', '612 34 56 78', { defaultRegion: 'ES' })).toBe('+34612345678');
    expect(normalizeIdentityValue('messaging', ' AbC-1 ')).toBe('AbC-1');
    expect(normalizeIdentityValue('external_id', 'CRM-7')).toBe('CRM-7');
  });

  it('defaults to the US region and exact emails', () => {
    expect(normalizeIdentityValue('phone', '415-555-0134')).toBe('+14155550134');
    expect(normalizeIdentityValue('email', 'jane+x@x.com')).toBe('jane+x@x.com');
  });
});

describe('identities', () => {
  it('keep the value as typed beside the match key', () => {
    expect(identity('phone', ' (415) 555-0134 ')).toMatchObject({ value: '+14155550134', raw: '(415) 555-0134' });
  });

  it('collapse formats of one number into one, and drop values without a key', () => {
    const list = [identity('phone', '+14155550134'), identity('phone', '(415) 555-0134', { isPrimary: true }), identity('phone', 'anonymous')];
    expect(dedupeIdentities(list)).toEqual([{ type: 'phone', value: '+14155550134', raw: '(415) 555-0134', isVerified: true, isPrimary: true }]);
  });

  it('re-key with a tenant region and alias setting from the typed value', () => {
    const list = [identity('phone', '020 7946 0018'), identity('email', 'jane+orders@x.com'), identity('email', 'jane@x.com')];
    expect(rekeyIdentities(list, { defaultRegion: 'GB', canMergeEmailAliases: true }).map((item) => `${item.type}:${item.value}`)).toEqual(['phone:+442079460018', 'email:jane@x.com']);
    expect(rekeyIdentities(list, {}).map((item) => item.value)).toEqual(['02079460018', 'jane+orders@x.com', 'jane@x.com']);
  });
});
