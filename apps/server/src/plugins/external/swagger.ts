import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { ErrorBody } from '../../contract/errors.js';

/** OpenAPI document generated from the route schemas, served as a page at /docs and as JSON at /docs/json. */
export const swaggerPlugin = fp(
  async (app) => {
    app.addSchema(ErrorBody);
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Threadline API',
          description: 'Omnichannel AI agent for Zendesk and Freshdesk: customer timelines, knowledge, drafts and escalations.',
          version: '0.1.0',
        },
        tags: [{ name: 'health', description: 'Liveness and readiness' }],
      },
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  },
  { name: 'swagger' },
);
