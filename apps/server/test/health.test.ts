import { describe, expect, it } from 'vitest';
import { build } from './helper.js';

describe('health and docs', () => {
  it('answers liveness', async () => {
    const app = await build();
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('answers readiness after asking the database', async () => {
    const app = await build();
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ready', database: { driver: 'pglite' } });
  });

  it('reports not ready with a code when the database is gone', async () => {
    const app = await build();
    await app.db.close();
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'SERVER_NOT_READY' });
  });

  it('serves the OpenAPI page and the document generated from the route schemas', async () => {
    const app = await build();
    const page = await app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('swagger');
    const document = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz']));
    expect(document.components.schemas.ErrorBody.required).toEqual(['code', 'message']);
  });
});
