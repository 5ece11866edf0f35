import { describe, expect, it } from 'vitest';
import { API_KEY_PATTERN, createSessionStore, keyFromFragment, SESSION_KEY, takeKeyFromLocation } from './session.js';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

function fakeHistory() {
  const urls: string[] = [];
  return { urls, replaceState: (_data: unknown, _unused: string, url?: string | URL | null) => void urls.push(String(url)) };
}

describe('keyFromFragment', () => {
  it('takes the key out and keeps the other fragment parameters', () => {
    expect(keyFromFragment('#key=tl_abc123def&tab=2')).toEqual({ apiKey: 'tl_abc123def', rest: '#tab=2' });
    expect(keyFromFragment('#key=tl_abc123def')).toEqual({ apiKey: 'tl_abc123def', rest: '' });
  });

  it('leaves a fragment without a key alone', () => {
    expect(keyFromFragment('#section')).toEqual({ apiKey: null, rest: '#section' });
    expect(keyFromFragment('')).toEqual({ apiKey: null, rest: '' });
  });
});

describe('takeKeyFromLocation', () => {
  it('saves a key handed over in the link and removes it from the address bar', () => {
    const storage = memoryStorage();
    const history = fakeHistory();
    const key = takeKeyFromLocation({ location: { hash: '#key=tl_demo_key_123', pathname: '/reports', search: '?interval=week' }, history, store: createSessionStore(storage) });
    expect(key).toBe('tl_demo_key_123');
    expect(storage.items.get(SESSION_KEY)).toBe('tl_demo_key_123');
    expect(history.urls).toEqual(['/reports?interval=week']);
  });

  it('uses the saved key when the link carries none, without touching the address', () => {
    const storage = memoryStorage();
    storage.setItem(SESSION_KEY, 'tl_saved_key_123');
    const history = fakeHistory();
    expect(takeKeyFromLocation({ location: { hash: '', pathname: '/', search: '' }, history, store: createSessionStore(storage) })).toBe('tl_saved_key_123');
    expect(history.urls).toEqual([]);
  });

  it('an empty key in the link still leaves the address clean and signs nobody in', () => {
    const storage = memoryStorage();
    const history = fakeHistory();
    expect(takeKeyFromLocation({ location: { hash: '#key=', pathname: '/', search: '' }, history, store: createSessionStore(storage) })).toBeNull();
    expect(history.urls).toEqual(['/']);
  });
});

describe('API_KEY_PATTERN', () => {
  it('accepts the keys the server issues and refuses pasted noise', () => {
    expect(API_KEY_PATTERN.test('tl_AbC123-_xyz')).toBe(true);
    expect(API_KEY_PATTERN.test('Bearer tl_AbC123')).toBe(false);
    expect(API_KEY_PATTERN.test('tl_')).toBe(false);
  });
});
