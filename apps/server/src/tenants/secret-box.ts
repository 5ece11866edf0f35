import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ServerError } from '../errors.js';

/** Marks a value sealed by `SecretBox` (AES-256-GCM, version 1). */
const PREFIX = 'tlsec1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals helpdesk credentials and shared secrets before they are stored, so a database dump or
 * backup alone does not hand out a tenant's Zendesk token. AES-256-GCM with a random IV per value;
 * the stored form is `tlsec1:` + base64url(iv ‖ tag ‖ ciphertext).
 */
export interface SecretBox {
  seal(plain: string): string;
  /** The plain text of a sealed value; a value stored before sealing existed is returned as is. */
  open(stored: string): string;
  isSealed(stored: string): boolean;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new RangeError(`the secret key must be 32 bytes (got ${key.length})`);
  const isSealed = (stored: string): boolean => stored.startsWith(PREFIX);
  return {
    isSealed,
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(stored) {
      if (!isSealed(stored)) return stored;
      const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new ServerError(
          'SERVER_SECRET_KEY_MISMATCH',
          'Stored helpdesk credentials were sealed with another key: set THREADLINE_SECRET_KEY to the key this database was set up with',
          {},
          error,
        );
      }
    },
  };
}

/** Reads a key given as 64 hex characters or base64 / base64url of 32 bytes. */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64url');
  if (key.length !== 32) {
    throw new ServerError(
      'SERVER_CONFIG_INVALID',
      'Invalid configuration: THREADLINE_SECRET_KEY must be 32 random bytes as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)',
    );
  }
  return key;
}

/**
 * The key secrets are sealed with: `THREADLINE_SECRET_KEY` when set (what a deployment should
 * do, from its secret store), otherwise a key file in the data folder, created on first use with
 * owner-only permissions (what a laptop or the demo uses).
 */
export function loadSecretKey(input: { key: string | undefined; keyFile: string }): Buffer {
  if (input.key) return parseSecretKey(input.key);
  if (existsSync(input.keyFile)) return parseSecretKey(readFileSync(input.keyFile, 'utf8'));
  mkdirSync(dirname(input.keyFile), { recursive: true });
  const key = randomBytes(32);
  try {
    writeFileSync(input.keyFile, `${key.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return parseSecretKey(readFileSync(input.keyFile, 'utf8'));
    throw error;
  }
  chmodSync(input.keyFile, 0o600);
  return key;
}
