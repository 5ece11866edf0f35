import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { KnowledgeChunk } from '@threadline/knowledge';
import { requireRole } from '../../accounts/roles.js';
import { errorResponses } from '../../contract/errors.js';
import { ChunkBody, ChunkPatchBody } from '../../contract/kb.js';
import { authenticateTenant, tenantOf } from '../../plugins/app/api-auth.js';
import { ServerError } from '../../errors.js';

/** A stored chunk as the admin API shows it. */
export const toChunkBody = (chunk: KnowledgeChunk) => ({
  id: chunk.id,
  position: chunk.position,
  heading: chunk.heading,
  sectionPath: chunk.sectionPath,
  content: chunk.content,
  charCount: chunk.charCount,
  embeddingModel: chunk.embeddingModel,
  embeddingDims: chunk.embeddingDims,
  isExcluded: chunk.isExcluded,
});

/** One passage of a document taken out of retrieval (or put back), without excluding the whole document. */
export const kbChunkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', authenticateTenant);

  app.patch(
    '/v1/kb/chunks/:id',
    {
      schema: {
        tags: ['knowledge'],
        summary: 'Exclude one chunk from search and answers, or include it again; a re-sync keeps the switch while the chunk\'s text is unchanged',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: ChunkPatchBody,
        response: { 200: ChunkBody, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      // Console admins and owners (viewers are refused before this), or the API key; never a sidebar token.
      requireRole(request.principal, 'admin');
      const chunk = await app.kb.documents.setChunkExcluded({ tenantId: tenantOf(request).id, chunkId: request.params.id, isExcluded: request.body.isExcluded });
      if (!chunk) throw new ServerError('SERVER_KB_CHUNK_NOT_FOUND', 'No knowledge chunk with this id in this workspace', { chunkId: request.params.id });
      return toChunkBody(chunk);
    },
  );
};
