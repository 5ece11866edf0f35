import type { FastifyInstance } from 'fastify';
import { checkQuery, paginate, validationFailed } from './protocol.js';
import type { SandboxState } from './state.js';

const THIRTY_DAYS = 30 * 86_400_000;

/**
 * "View all satisfaction ratings": a bare array paged like every list. `created_since` filters on
 * the rating's creation; without it only the last 30 days are returned ([guess] the documented
 * default window of the endpoint, as the ticket list has for `updated_since`).
 */
export function registerSurveyRoutes(app: FastifyInstance, state: SandboxState): void {
  app.get('/api/v2/surveys/satisfaction_ratings', async (request, reply) => {
    const query = checkQuery(request, ['created_since', 'page', 'per_page']);
    const since = query.created_since === undefined ? Date.now() - THIRTY_DAYS : Date.parse(query.created_since);
    if (Number.isNaN(since)) throw validationFailed([{ field: 'created_since', message: 'It should be in the YYYY-MM-DDTHH:MM:SSZ format', code: 'invalid_value' }]);
    const ratings = state.satisfactionRatings.filter((rating) => Date.parse(rating.created_at) >= since);
    return reply.send(paginate(request, reply, ratings));
  });
}
