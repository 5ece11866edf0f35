export { createZendeskConnector, userSearchQuery, type ZendeskConnector } from './zendesk-connector.js';
export { authorizationHeader, normalizeBaseUrl, type ZendeskAuth, type ZendeskConnectorOptions } from './options.js';
export { parseZendeskError } from './errors.js';
export { ZENDESK_CHANNELS, mapVia, mapStatus, mapPriority, mapTicket, mapComment, mapCustomer, mapIdentity, authorRole, ticketUrl, type AuthorContext } from './mappers.js';
export { mapArticle, mapMacro, macroBody, sectionPath } from './help-center.js';
export {
  createZendeskWebhookVerifier,
  signZendeskWebhook,
  webhookTimestamp,
  eventTypeOf,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  type ZendeskWebhookVerifierOptions,
} from './webhook-verifier.js';
export type * from './wire.js';
