import type { FastifyInstance } from 'fastify';

/** What a sandbox's error handler sees for a JSON body that does not parse. */
export const INVALID_JSON_BODY_CODE = 'SANDBOX_INVALID_JSON_BODY';

/**
 * JSON bodies as the vendors' Rails stacks read them: an empty body under `Content-Type:
 * application/json` is no body (clients such as freshdesk-api and node-zendesk send the header on
 * GET and DELETE too), and a body that does not parse fails with `statusCode` 400 and `code`
 * `INVALID_JSON_BODY_CODE`, for the sandbox's error handler to answer in the vendor's shape.
 */
export function installJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (cause) {
      done(Object.assign(new Error('the request body is not valid JSON', { cause }), { statusCode: 400, code: INVALID_JSON_BODY_CODE }), undefined);
    }
  });
}
