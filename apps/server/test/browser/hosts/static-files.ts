import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { Route } from 'playwright-core';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** Answers a routed request from a folder on disk (404 outside it or when missing). */
export async function fulfillFromFolder(route: Route, folder: string, relativePath: string, rewrite?: (text: string) => string): Promise<void> {
  const file = normalize(join(folder, relativePath));
  if (!file.startsWith(normalize(folder)) || !existsSync(file)) {
    await route.fulfill({ status: 404, body: 'not found' });
    return;
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const body = rewrite ? rewrite(readFileSync(file, 'utf8')) : readFileSync(file);
  await route.fulfill({ status: 200, headers: { 'content-type': type }, body });
}

/** Reads a routed request's JSON body. */
export function jsonBody<T>(route: Route): T {
  return JSON.parse(route.request().postData() ?? 'null') as T;
}

export const HOST_PAGE_STYLE = `
  body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: #eef1f4; color: #1f2933; }
  .workspace { display: flex; gap: 0; min-height: 100vh; }
  .ticket { flex: 1; padding: 16px 20px; }
  .ticket h1 { font-size: 18px; margin: 0 0 4px; }
  .ticket label { display: block; margin: 12px 0 4px; font-weight: 600; }
  .ticket textarea { width: 100%; min-height: 220px; font: inherit; padding: 8px; box-sizing: border-box; }
  .apps { width: 340px; background: #fff; border-left: 1px solid #d9e2ec; padding: 10px; box-sizing: border-box; }
  .apps h2 { font-size: 12px; text-transform: uppercase; color: #52606d; margin: 0 0 6px; }
  .apps iframe { width: 320px; border: 0; display: block; }
  #toasts { margin-top: 8px; }
  .toast { background: #1f2933; color: #fff; padding: 6px 10px; border-radius: 4px; margin-top: 4px; display: inline-block; }
`;
