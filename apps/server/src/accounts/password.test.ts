import { describe, expect, it } from 'vitest';
import { checkPasswordStrength, hashPassword, SCRYPT_PARAMS, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('stores scrypt with its parameters and a fresh salt, never the password', async () => {
    const [first, second] = await Promise.all([hashPassword('correct horse battery'), hashPassword('correct horse battery')]);
    expect(first).toMatch(new RegExp(`^scrypt\\$${SCRYPT_PARAMS.N}\\$8\\$1\\$[\\w-]{22}\\$[\\w-]{43}$`));
    expect(first).not.toBe(second);
    expect(first).not.toContain('horse');
  });

  it('verifies the right password and refuses a wrong or malformed one', async () => {
    const stored = await hashPassword('correct horse battery', { N: 2 ** 10, r: 8, p: 1 });
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'bcrypt$whatever')).toBe(false);
  });

  it('refuses passwords shorter than 12 characters', () => {
    expect(() => checkPasswordStrength('short')).toThrow(expect.objectContaining({ code: 'SERVER_AUTH_WEAK_PASSWORD' }));
    expect(() => checkPasswordStrength('twelve chars')).not.toThrow();
  });
});
