import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../helper.js';

const dataDir = mkdtempSync(join(tmpdir(), 'tl-probe-'));
const base = testConfig();
const config = Object.freeze({ ...base, dataDir, demo: { mode: 'on' as const, zendeskPort: 0, freshdeskPort: 0, streamIntervalMs: 0 } });
const t0 = Date.now();
const app = await buildApp(config, { logger: false });
await app.ready();
console.log('ready', Date.now() - t0);
const demo = app.demo!;
for (const tenant of demo.tenants) {
  const sandbox = tenant.vendor === 'zendesk' ? demo.zendesk : demo.freshdesk;
  const token = await new SignJWT({ name: 'Alex Agent', email: 'alex@example.com' }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(tenant.slug).setAudience('threadline').setSubject('agent-1').setIssuedAt().setExpirationTime('10m').sign(new TextEncoder().encode(tenant.sidebarSecret));
  const ref = sandbox.ids.ticket('jane-call');
  const h = { authorization: `Bearer ${token}` };
  for (const [method, url, payload] of [
    ['GET', `/v1/tickets/${ref}/customer`],
    ['GET', `/v1/tickets/${ref}/timeline?order=desc&limit=50`],
    ['GET', `/v1/tickets/${ref}/summary`],
    ['POST', `/v1/tickets/${ref}/suggest`],
    ['POST', `/v1/kb/ask`, { question: 'How do I return an item?' }],
    ['POST', `/v1/tickets/${ref}/rewrite`, { text: 'Hello there, thanks for waiting. We will refund you.', style: 'translate', targetLanguage: 'es' }],
  ] as const) {
    const s = Date.now();
    const r = await app.inject({ method, url, headers: h, ...(payload ? { payload } : {}) } as never);
    console.log(tenant.vendor, method, url, r.statusCode, Date.now() - s, 'ms\n', r.body.slice(0, 1500));
  }
  console.log('docs', await app.kb.documents.list?.({ tenantId: 'x' } as never).catch(() => 'n/a'));
}
await app.close();
