import { describe, expect, it } from 'vitest';
import { matchPath } from './match-path.js';
import { isPlainLeftClick } from './router.js';

describe('matchPath', () => {
  const routes = [{ path: '/' }, { path: '/reports' }];

  it('finds a page with or without a trailing slash', () => {
    expect(matchPath('/reports', routes)).toEqual({ path: '/reports' });
    expect(matchPath('/reports//', routes)).toEqual({ path: '/reports' });
    expect(matchPath('/', routes)).toEqual({ path: '/' });
  });

  it('finds nothing for an unknown path or a sub-path', () => {
    expect(matchPath('/knowledge', routes)).toBeUndefined();
    expect(matchPath('/reports/extra', routes)).toBeUndefined();
  });
});

describe('isPlainLeftClick', () => {
  const click = { button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false, defaultPrevented: false };

  it('takes over a plain click only, so ctrl/cmd/shift-click still open a tab or window', () => {
    expect(isPlainLeftClick(click)).toBe(true);
    expect(isPlainLeftClick({ ...click, ctrlKey: true })).toBe(false);
    expect(isPlainLeftClick({ ...click, metaKey: true })).toBe(false);
    expect(isPlainLeftClick({ ...click, shiftKey: true })).toBe(false);
    expect(isPlainLeftClick({ ...click, button: 1 })).toBe(false);
    expect(isPlainLeftClick({ ...click, defaultPrevented: true })).toBe(false);
  });
});
