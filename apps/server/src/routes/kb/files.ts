import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { detectFileType, SUPPORTED_FILE_TYPES } from '@threadline/knowledge/sources';
import { errorResponses } from '../../contract/errors.js';
import { SyncJobBody } from '../../contract/kb.js';
import { tenantOf } from '../../plugins/app/api-auth.js';
import { ServerError } from '../../errors.js';
import { toJob } from './kb-bodies.js';

/** The largest file an upload takes. */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

/** File uploads into a file source; registered by `kbRoutes`, inside its authentication. */
export const kbFileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Uploads arrive as raw bytes of any type; the file's own name and magic bytes decide how it is read.
  app.addContentTypeParser(['application/octet-stream', 'application/pdf', 'text/*', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'], { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_request, body, done) => done(null, body));

  app.put(
    '/v1/kb/sources/:id/files/:name',
    {
      // Files may be larger than the API's 5 MB JSON limit (the parser above allows the same).
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags: ['knowledge'],
        summary: `Upload (or replace) a file in a file source and sync it; types: ${SUPPORTED_FILE_TYPES.join(', ')}. Files uploaded together (in parallel or one after another) are all indexed: the answer is the sync that will read this file`,
        params: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^/\\\\]+$' }) }),
        response: { 202: SyncJobBody, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request).id;
      const source = await app.kb.sources.get({ tenantId, sourceId: request.params.id });
      if (source.kind !== 'file') throw new ServerError('SERVER_KB_NOT_A_FILE_SOURCE', `Source "${source.name}" is a ${source.kind} source; upload files to a file source`);
      const data = request.body as Buffer | undefined;
      if (!Buffer.isBuffer(data) || data.length === 0) {
        throw new ServerError('SERVER_KB_EMPTY_UPLOAD', 'Send the file bytes as the body (Content-Type: application/octet-stream)');
      }
      const contentType = request.headers['content-type'];
      // Refuses unknown types with the list of supported ones, before anything is stored.
      detectFileType(request.params.name, data, contentType);
      await app.db.query(
        `insert into kb_uploads (tenant_id, source_id, name, content_type, data, size_bytes, sha256)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (source_id, name) do update set content_type = excluded.content_type, data = excluded.data,
           size_bytes = excluded.size_bytes, sha256 = excluded.sha256, created_at = now()`,
        [tenantId, source.id, request.params.name, contentType ?? null, data, data.length, createHash('sha256').update(data).digest('hex')],
      );
      // A sync already running listed the files when it started and would not see this one: join
      // only a sync still queued (it reads the files when it starts), else queue the next one.
      return reply.status(202).send(toJob(await app.kb.syncs.enqueue({ tenantId, sourceId: source.id, join: 'queued' })));
    },
  );
};
