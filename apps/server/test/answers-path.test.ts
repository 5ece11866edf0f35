import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerResult } from '@threadline/knowledge/answer';
import type { Db } from '@threadline/platform/db';
import { migrate } from '@threadline/platform/db';
import { testDatabases } from '@threadline/platform/testing';
import { getAnswer, insertAnswer } from '../src/agent/answers-repository.js';
import { migrationSets } from '../src/migrations.js';
import { createTenant } from '../src/tenants/tenants-repository.js';

const result = (path: AnswerResult['path']): AnswerResult => ({
  path,
  ...(path === 'offline' ? {} : { model: 'llama3.1:8b' }),
  action: 'draft',
  replyText: 'Refunds reach your card in five days.',
  language: 'en',
  citations: [],
  confidence: 0.8,
  summary: 'Jane asked about a refund.',
  guardrails: [],
});

describe.each(testDatabases())('the path an answer is stored with on $label', ({ create }) => {
  let db: Db;
  let tenantId: string;

  beforeAll(async () => {
    db = await create();
    await migrate(db, migrationSets);
    tenantId = (await db.transaction((tx) => createTenant(tx, { slug: 'paths', name: 'Paths' }))).id;
  });
  afterAll(async () => {
    await db?.close();
  });

  it("stores an OpenAI-compatible model's answer as 'openai', beside Claude's and offline ones", async () => {
    for (const path of ['openai', 'claude', 'offline'] as const) {
      const stored = await insertAnswer(db, { tenantId, ticketExternalId: `t-${path}`, trigger: 'sidebar', idempotencyKey: null, result: result(path), timings: {} });
      expect((await getAnswer(db, tenantId, stored.id))?.result.path).toBe(path);
    }
  });

  it('still refuses a path no answer model has', async () => {
    await expect(db.query(`update answers set path = 'gemini' where tenant_id = $1`, [tenantId])).rejects.toThrow(/answers_path_check/);
  });
});
