import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { detectFileType } from '@threadline/knowledge/sources/file-types';
import { createApiClient, type ApiClient } from './api-client.js';
import { ServerError } from '../errors.js';

const HELP = `usage: threadline kb <add|sync|search|list> [options]

  kb add <https://page>             index one web page
  kb add --crawl <https://site>     crawl a site (same origin, robots.txt respected) [--max-pages N] [--max-depth N]
  kb add <file> [<file> …]          upload PDF, DOCX, Markdown, HTML, TXT or CSV files (into --source <id> or a new "Files" source)
  kb add helpdesk | macros | solved-tickets
                                    the help center, the macros, or past solved tickets (redacted) of the tenant's helpdesk
  kb sync [<source id> | --all]     sync now and show progress
  kb search "<question>" [-k 5] [--mode hybrid|vector|text]
  kb list                           sources with status and counts

connection: --url (THREADLINE_URL, default http://127.0.0.1:3000), --api-key (THREADLINE_API_KEY),
            --tenant <slug> (on the demo: picks the key from .threadline/demo.json)
            --no-wait                 don't wait for syncs to finish`;

interface Job {
  id: string;
  status: string;
  lastError: string | null;
  progress: { documentsSeen: number; documentsTotal: number | null; chunksEmbedded: number; current: string | null; notes?: string[] };
}

interface Source {
  id: string;
  kind: string;
  name: string;
  status: string;
  documentCount: number;
  chunkCount: number;
  lastError: string | null;
  lastSyncedAt: string | null;
}

function usage(message: string): ServerError {
  return new ServerError('SERVER_CLI_USAGE', `${message}\n\n${HELP}`);
}

/** Polls a sync until it ends, drawing a progress bar on a terminal and plain lines elsewhere. */
async function follow(api: ApiClient, job: Job, label: string): Promise<Job> {
  const isTty = Boolean(process.stderr.isTTY);
  const bar = isTty
    ? new cliProgress.SingleBar({ format: `${label} [{bar}] {value}/{total} documents · {chunks} chunks embedded · {current}`, hideCursor: true, clearOnComplete: false, stream: process.stderr }, cliProgress.Presets.shades_classic)
    : null;
  bar?.start(1, 0, { chunks: 0, current: '' });
  let current = job;
  let lastLine = '';
  while (current.status === 'queued' || current.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 300));
    current = await api.request<Job>('GET', `/v1/kb/jobs/${current.id}`);
    const { documentsSeen, documentsTotal, chunksEmbedded } = current.progress;
    const total = Math.max(documentsTotal ?? documentsSeen + 1, documentsSeen, 1);
    if (bar) {
      bar.setTotal(total);
      bar.update(documentsSeen, { chunks: chunksEmbedded, current: (current.progress.current ?? '').slice(0, 40) });
    } else {
      const line = `${label}: ${current.status}, ${documentsSeen}${documentsTotal ? `/${documentsTotal}` : ''} documents, ${chunksEmbedded} chunks embedded`;
      if (line !== lastLine) process.stderr.write(`${line}\n`);
      lastLine = line;
    }
  }
  if (bar) {
    bar.setTotal(Math.max(current.progress.documentsSeen, 1));
    bar.update(current.progress.documentsSeen);
    bar.stop();
  }
  if (current.status === 'failed') throw new ServerError('SERVER_CLI_SYNC_FAILED', `${label} failed: ${current.lastError ?? 'no reason given'}`);
  process.stderr.write(`${label}: done, ${current.progress.documentsSeen} documents, ${current.progress.chunksEmbedded} chunks embedded\n`);
  for (const note of current.progress.notes ?? []) process.stderr.write(`${label}: note: ${note}\n`);
  return current;
}

async function add(api: ApiClient, targets: string[], values: Record<string, string | boolean | undefined>): Promise<void> {
  const wait = values['no-wait'] !== true;
  const create = async (body: Record<string, unknown>) => {
    const created = await api.request<{ source: Source; job: Job | null }>('POST', '/v1/kb/sources', body);
    process.stdout.write(`added source ${created.source.id} (${created.source.kind}: ${created.source.name})\n`);
    if (created.job && wait) await follow(api, created.job, created.source.name);
  };
  if (typeof values.crawl === 'string') {
    return create({
      kind: 'crawl',
      name: new URL(values.crawl).host,
      config: {
        startUrl: values.crawl,
        ...(values['max-pages'] ? { maxPages: Number(values['max-pages']) } : {}),
        ...(values['max-depth'] ? { maxDepth: Number(values['max-depth']) } : {}),
      },
    });
  }
  const [first] = targets;
  if (!first) throw usage('kb add needs a URL, a file, or helpdesk / macros / solved-tickets');
  const named: Record<string, { kind: string; name: string }> = {
    helpdesk: { kind: 'helpdesk_articles', name: 'Help center' },
    macros: { kind: 'macros', name: 'Macros' },
    'solved-tickets': { kind: 'solved_tickets', name: 'Solved tickets' },
  };
  if (named[first]) return create(named[first] as Record<string, unknown>);
  if (/^https?:\/\//.test(first)) return create({ kind: 'url', name: first, config: { urls: targets } });
  // Files: check each one here, so a bad file is refused before anything is uploaded.
  const files = targets.map((path) => {
    let data: Buffer;
    try {
      if (!statSync(path).isFile()) throw new Error('not a file');
      data = readFileSync(path);
    } catch {
      throw usage(`"${path}" is neither a URL (https://…) nor a readable file`);
    }
    detectFileType(basename(path), data);
    return { name: basename(path), data };
  });
  let sourceId = typeof values.source === 'string' ? values.source : undefined;
  if (!sourceId) {
    const created = await api.request<{ source: Source }>('POST', '/v1/kb/sources', { kind: 'file', name: 'Files' });
    sourceId = created.source.id;
    process.stdout.write(`added source ${sourceId} (file: Files)\n`);
  }
  let job: Job | undefined;
  for (const file of files) {
    job = await api.request<Job>('PUT', `/v1/kb/sources/${sourceId}/files/${encodeURIComponent(file.name)}`, new Uint8Array(file.data), { 'content-type': 'application/octet-stream' });
    process.stdout.write(`uploaded ${file.name} (${file.data.length} bytes)\n`);
  }
  if (job && wait) await follow(api, job, 'Files');
}

export async function runKbCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      'api-key': { type: 'string' },
      tenant: { type: 'string' },
      crawl: { type: 'string' },
      'max-pages': { type: 'string' },
      'max-depth': { type: 'string' },
      source: { type: 'string' },
      all: { type: 'boolean' },
      k: { type: 'string', short: 'k' },
      mode: { type: 'string' },
      'no-wait': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [action, ...rest] = positionals;
  if (values.help || !action) {
    process.stdout.write(`${HELP}\n`);
    return action ? 0 : 2;
  }
  const api = createApiClient({
    ...(values.url ? { url: values.url } : {}),
    ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
    ...(values.tenant ? { tenant: values.tenant } : {}),
  });
  switch (action) {
    case 'add':
      await add(api, rest, values);
      return 0;
    case 'sync': {
      const { sources } = await api.request<{ sources: Source[] }>('GET', '/v1/kb/sources');
      if (sources.length === 0) process.stderr.write('no knowledge sources yet: add one with `threadline kb add <url | --crawl url | file | helpdesk>`\n');
      const chosen = values.all ? sources : sources.filter((source) => source.id === rest[0]);
      if (chosen.length === 0) throw usage(rest[0] ? `No source ${rest[0]}; "threadline kb list" shows them` : 'Name a source id, or --all');
      for (const source of chosen) {
        const job = await api.request<Job>('POST', `/v1/kb/sources/${source.id}/sync`);
        if (values['no-wait'] !== true) await follow(api, job, source.name);
      }
      return 0;
    }
    case 'search': {
      const query = rest.join(' ').trim();
      if (!query) throw usage('kb search needs a question');
      const result = await api.request<{ passages: Array<{ title: string; url: string | null; sectionPath: string[]; content: string; scores: { fused: number } }>; tookMs: number }>(
        'POST',
        '/v1/kb/search',
        { query, k: Number(values.k ?? 5), mode: values.mode ?? 'hybrid', visibility: 'any' },
      );
      if (result.passages.length === 0) process.stdout.write('no passage matches; add sources with "threadline kb add"\n');
      result.passages.forEach((passage, index) => {
        const where = [passage.title, ...passage.sectionPath.filter((part) => part !== passage.title)].join(' > ');
        process.stdout.write(`${index + 1}. ${where}${passage.url ? `  ${passage.url}` : ''}\n   ${passage.content.replace(/\s+/g, ' ').slice(0, 240)}\n`);
      });
      process.stderr.write(`(${result.tookMs} ms)\n`);
      return 0;
    }
    case 'list': {
      const { sources } = await api.request<{ sources: Source[] }>('GET', '/v1/kb/sources');
      if (sources.length === 0) process.stderr.write('no knowledge sources yet: add one with `threadline kb add <url | --crawl url | file | helpdesk>`\n');
      for (const source of sources) {
        process.stdout.write(`${source.id}  ${source.kind.padEnd(17)} ${source.status.padEnd(8)} ${String(source.documentCount).padStart(5)} docs ${String(source.chunkCount).padStart(6)} chunks  ${source.name}${source.lastError ? `  (error: ${source.lastError})` : ''}\n`);
      }
      return 0;
    }
    default:
      throw usage(`unknown kb action "${action}"`);
  }
}
