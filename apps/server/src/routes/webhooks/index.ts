import { HELPDESK_KINDS, type HelpdeskKind } from '@threadline/vocabulary';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ThreadlineError } from '@threadline/platform';
import { errorResponses } from '../../contract/errors.js';
import { WebhookAccepted } from '../../contract/jobs.js';
import { findWebhookReceiver } from '../../tenants/tenants-repository.js';
import type { WebhookEvent } from '@threadline/connector-core';
import { acceptWebhook } from '../../helpdesk/accept-webhook.js';
import { recordWebhookReceipt } from '../../helpdesk/webhook-receipts-repository.js';
import { ServerError } from '../../errors.js';

/** How a refused delivery is counted: by the error's category and problem, never by message text. */
function failureReason(error: unknown): 'unauthenticated' | 'rejected' | 'error' {
  if (!(error instanceof ThreadlineError)) return 'error';
  if (error.problem === 'unauthenticated') return 'unauthenticated';
  return error.category === 'user' ? 'rejected' : 'error';
}

const Params = Type.Object({
  vendor: Type.Enum(HELPDESK_KINDS),
  tenant: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$', description: 'Tenant slug' }),
});

/**
 * Webhook intake. Authenticity is checked on the raw bytes (Zendesk: HMAC-SHA256 over timestamp +
 * body; Freshdesk: the per-tenant secret header) before anything is stored; then `acceptWebhook`
 * makes it a nudge to look at its ticket, or recognises an exact redelivery. While the database is
 * away the edge answers 503 + Retry-After (PLATFORM_DB_UNAVAILABLE), so the helpdesk redelivers.
 */
export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const unauthenticated = () => new ServerError('SERVER_WEBHOOK_UNAUTHENTICATED', 'Unknown tenant or webhook credentials');

  async function accept(vendor: HelpdeskKind, slug: string, request: FastifyRequest) {
    const receiver = await findWebhookReceiver(app.db, app.secrets, slug);
    // Same answer for an unknown tenant (or one not connected to this helpdesk) as for a bad
    // signature: the endpoint reveals nothing.
    if (!receiver || receiver.kind !== vendor) throw unauthenticated();
    const rawBody = typeof request.body === 'string' ? request.body : '';
    let event: WebhookEvent;
    try {
      event = app.helpdesks.verifier(vendor).verify({ headers: request.headers, rawBody }, receiver.webhookSecret);
    } catch (error) {
      // The connection page shows these: a webhook still set up with an old secret.
      if (failureReason(error) === 'unauthenticated') await recordWebhookReceipt(app.db, { tenantId: receiver.tenantId, kind: vendor, outcome: 'refused' });
      throw error;
    }
    // Counted as received in the same transaction.
    const accepted = await acceptWebhook({ db: app.db, enqueue: app.jobs.enqueue }, { tenantId: receiver.tenantId, vendor, event });
    request.log.info({ tenant: slug, eventId: event.eventId, deliveryId: event.deliveryId, ticketId: event.ticketId, status: accepted.status }, 'webhook accepted');
    return { ...accepted, eventId: event.eventId, deliveryId: event.deliveryId };
  }

  // Keep the exact bytes: a signature over re-serialized JSON would not match.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_request, body, done) => done(null, body));

  app.post(
    '/v1/webhooks/:vendor/:tenant',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Receive a helpdesk webhook',
        description:
          'Zendesk: signed with X-Zendesk-Webhook-Signature (+ -Timestamp); JSON or form-encoded trigger bodies. Freshdesk: the automation rule must send X-Threadline-Webhook-Secret.',
        params: Params,
        response: { 202: WebhookAccepted, ...errorResponses(400, 401, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const { vendor, tenant: slug } = request.params;
      app.metrics.webhookReceived(vendor);
      try {
        const accepted = await accept(vendor, slug, request);
        if (accepted.status !== 'accepted') app.metrics.webhookDeduped(vendor, accepted.status);
        return reply.status(202).send(accepted);
      } catch (error) {
        app.metrics.webhookFailed(vendor, failureReason(error));
        throw error;
      }
    },
  );
};
