import { normalizeIdentityValue, type IdentityKeyOptions } from './identity-key.js';
import type { Identity, IdentityType } from './model.js';

export * from './identity-key.js';
export * from './phone-forms.js';

/**
 * An identity as the helpdesk holds it: `raw` is the value as typed (for display), `value` its
 * match key under the default options (the mirror re-keys with the tenant's, see `rekeyIdentities`).
 */
export function identity(type: IdentityType, value: string, flags: { isVerified?: boolean; isPrimary?: boolean } = {}): Identity {
  return { type, value: normalizeIdentityValue(type, value), raw: value.trim(), isVerified: flags.isVerified ?? true, isPrimary: flags.isPrimary ?? false };
}

/**
 * The identities of `list`, each (type, value) once, primary ones first. An identity without a
 * key (a caller id of `anonymous`) is left out: it would make every such caller one person.
 */
export function dedupeIdentities(list: readonly Identity[]): Identity[] {
  const seen = new Map<string, Identity>();
  for (const item of [...list].sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary))) {
    const key = `${item.type}:${item.value}`;
    if (item.value !== '' && !seen.has(key)) seen.set(key, item);
  }
  return [...seen.values()];
}

/**
 * The same identities keyed with a tenant's options (its phone region, whether email aliases
 * merge), from the values as typed; several that now share a key become one.
 *
 * @example
 * rekeyIdentities([identity('phone', '020 7946 0018')], { defaultRegion: 'GB' })[0].value // '+442079460018'
 */
export function rekeyIdentities(list: readonly Identity[], options: IdentityKeyOptions): Identity[] {
  return dedupeIdentities(list.map((item) => ({ ...item, value: normalizeIdentityValue(item.type, item.raw, options) })));
}
