import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { accountError } from './account-errors.js';

/**
 * scrypt, node's built-in memory-hard KDF: N = 2^16, r = 8, p = 1, so each hash takes
 * 128 · N · r = 64 MiB of memory, which is what makes GPU and ASIC guessing expensive. That is one
 * step under OWASP's first row (2^17, 8, 1): a sign-in costs about 0.2 s of one core on an idle
 * server rather than 0.5 s, on a product whose server also embeds and answers on the same cores.
 * The parameters are stored in each hash (`scrypt$N$r$p$salt$key`), so raising them here later
 * still verifies every older hash.
 */
export const SCRYPT_PARAMS = { N: 2 ** 16, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
export const MIN_PASSWORD_LENGTH = 12;
/** Longer input is refused before hashing, so a huge body cannot buy a long hash. */
const MAX_PASSWORD_LENGTH = 1024;

function scrypt(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** Refuses a password too short to be worth hashing (the account's only secret). */
export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw accountError('SERVER_AUTH_WEAK_PASSWORD');
  if (password.length > MAX_PASSWORD_LENGTH) throw accountError('SERVER_AUTH_WEAK_PASSWORD', { message: `A password has at most ${MAX_PASSWORD_LENGTH} characters` });
}

/**
 * @example
 * const stored = await hashPassword('correct horse battery'); // 'scrypt$131072$8$1$…$…'
 * await verifyPassword('correct horse battery', stored); // true
 */
export async function hashPassword(password: string, params: { N: number; r: number; p: number } = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await scrypt(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Compares in constant time; a malformed stored hash verifies nothing. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key || password.length > MAX_PASSWORD_LENGTH) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash of no one's password, verified against when the account does not exist, so a wrong
 * email takes as long to refuse as a wrong password (no account discovery by timing).
 */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}
