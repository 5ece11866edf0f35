/**
 * How the console holds a tenant API key (the machine credential; people sign in with accounts,
 * whose session is an httpOnly cookie the script never sees): the key, entered on the
 * sign-in screen or handed over once in the URL fragment (`/#key=tl_…`, as the demo prints it), kept
 * in sessionStorage so it ends with the tab. The fragment never reaches the server or a Referer; it
 * is removed from the address bar as soon as it is read, so it does not stay in history.
 */
export const SESSION_KEY = 'threadline.console.apiKey';

/** What a tenant API key looks like (`threadline tenant create` prints one). */
export const API_KEY_PATTERN = /^tl_[A-Za-z0-9_-]{8,}$/;

export interface SessionStore {
  read(): string | null;
  save(apiKey: string): void;
  clear(): void;
}

export function createSessionStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): SessionStore {
  return {
    read: () => storage.getItem(SESSION_KEY),
    save: (apiKey) => storage.setItem(SESSION_KEY, apiKey),
    clear: () => storage.removeItem(SESSION_KEY),
  };
}

/**
 * The key carried in a URL fragment (`#key=…`, other fragment parameters kept) and the fragment
 * left once it is taken out.
 * @example keyFromFragment('#key=tl_abc123def&x=1') // { apiKey: 'tl_abc123def', rest: '#x=1' }
 */
export function keyFromFragment(hash: string): { apiKey: string | null; rest: string } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const apiKey = params.get('key');
  if (apiKey === null) return { apiKey: null, rest: hash };
  params.delete('key');
  const rest = params.toString();
  return { apiKey: apiKey.trim(), rest: rest ? `#${rest}` : '' };
}

/**
 * Reads a key handed over in the fragment once: saves it and rewrites the address without it.
 * Returns the key the console should use (the handed-over one, else the saved one).
 */
export function takeKeyFromLocation(options: { location: Pick<Location, 'hash' | 'pathname' | 'search'>; history: Pick<History, 'replaceState'>; store: SessionStore }): string | null {
  const { apiKey, rest } = keyFromFragment(options.location.hash);
  if (apiKey !== null) {
    options.history.replaceState(null, '', `${options.location.pathname}${options.location.search}${rest}`);
    if (apiKey) {
      options.store.save(apiKey);
      return apiKey;
    }
  }
  return options.store.read();
}
