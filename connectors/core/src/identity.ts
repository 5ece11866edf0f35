import type { Identity, IdentityType } from './model.js';

/** Lower-cases emails and reduces phones to `+digits`, so the same person matches across channels. */
export function normalizeIdentityValue(type: IdentityType, value: string): string {
  const trimmed = value.trim();
  if (type === 'email') return trimmed.toLowerCase();
  if (type === 'phone' || type === 'whatsapp') {
    const digits = trimmed.replace(/[^\d]/g, '');
    return trimmed.startsWith('+') || trimmed.startsWith('00') ? `+${digits.replace(/^00/, '')}` : `+${digits}`;
  }
  if (type === 'twitter' || type === 'instagram') return trimmed.replace(/^@/, '').toLowerCase();
  return trimmed;
}

export function identity(type: IdentityType, value: string, flags: { isVerified?: boolean; isPrimary?: boolean } = {}): Identity {
  return { type, value: normalizeIdentityValue(type, value), isVerified: flags.isVerified ?? true, isPrimary: flags.isPrimary ?? false };
}

/** The identities of `list`, each (type, value) once, primary ones first. */
export function dedupeIdentities(list: readonly Identity[]): Identity[] {
  const seen = new Map<string, Identity>();
  for (const item of [...list].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary))) {
    const key = `${item.type}:${item.value}`;
    if (!seen.has(key)) seen.set(key, item);
  }
  return [...seen.values()];
}
