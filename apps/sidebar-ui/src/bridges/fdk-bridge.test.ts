import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FDK_MINT_TOKEN, FDK_ROUTES, routeFor } from './fdk-bridge.js';

// The Freshdesk app's files, read as data (the app is another package; nothing is imported from it).
const appFile = (path: string) => JSON.parse(readFileSync(new URL(`../../../freshdesk-sidebar/${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('routeFor', () => {
  it('maps each sidebar path to its request template and context', () => {
    expect(routeFor('/v1/tickets/111/customer', 'GET')).toEqual({ template: 'threadlineCustomer', context: { ticket_id: '111' } });
    expect(routeFor('/v1/tickets/111/timeline?order=desc&limit=20', 'GET')).toEqual({ template: 'threadlineTimeline', context: { ticket_id: '111', limit: '20' } });
    expect(routeFor('/v1/tickets/111/timeline?order=desc&limit=20&cursor=c1', 'GET')).toEqual({
      template: 'threadlineTimelinePage',
      context: { ticket_id: '111', limit: '20', cursor: 'c1' },
    });
    expect(routeFor('/v1/tickets/111/escalate', 'POST', { 'Idempotency-Key': 'k1' })).toEqual({ template: 'threadlineEscalate', context: { ticket_id: '111', idempotency_key: 'k1' } });
    expect(routeFor('/v1/kb/ask', 'POST')).toEqual({ template: 'threadlineAsk', context: {} });
  });

  it('refuses a path no template serves', () => {
    expect(() => routeFor('/v1/tenants', 'GET')).toThrow(/no request template/);
  });
});

describe('the Freshdesk app files match the bridge', () => {
  const requests = appFile('config/requests.json') as Record<string, { schema: { method: string; path: string; headers: Record<string, string>; query?: Record<string, string> } }>;
  const manifest = appFile('manifest.json') as { modules: { common: { requests: Record<string, unknown>; functions: Record<string, unknown> } } };

  it('has a template, listed in the manifest, for every route, with the same method and the token', () => {
    for (const route of FDK_ROUTES) {
      const template = requests[route.template];
      expect(template, route.template).toBeDefined();
      expect(template!.schema.method).toBe(route.method);
      expect(template!.schema.headers.Authorization).toBe('Bearer <%= context.token %>');
      expect(manifest.modules.common.requests).toHaveProperty(route.template);
      for (const key of [...route.params, ...(route.query ?? []), ...Object.values(route.headers ?? {})]) {
        expect(JSON.stringify(template), `${route.template} uses context.${key}`).toContain(`<%= context.${key} %>`);
      }
    }
    expect(Object.keys(requests).sort()).toEqual(FDK_ROUTES.map((route) => route.template).sort());
    expect(manifest.modules.common.functions).toHaveProperty(FDK_MINT_TOKEN);
  });
});
