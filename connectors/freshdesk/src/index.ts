export { createFreshdeskConnector, type FreshdeskAuth, type FreshdeskConnector, type FreshdeskConnectorOptions } from './freshdesk-connector.js';
export { createFreshdeskWebhookVerifier, WEBHOOK_EVENT_TYPES, WEBHOOK_SECRET_HEADER } from './webhook-verifier.js';
export { parseFreshdeskError } from './errors.js';
export {
  CONVERSATION_SOURCE_CHANNELS,
  PRIORITIES,
  PRIORITY_CODES,
  SOURCE_LABEL_CHANNELS,
  STATUS_CODES,
  STATUS_LABELS,
  TICKET_SOURCE_CHANNELS,
  TICKET_STATUSES,
} from './channel-tables.js';
export { mapConversation, mapCustomer, mapDescription, mapTicket, parseTicketFields, ticketChannel, ticketUrl, type AccountFields } from './mappers.js';
export type * from './wire-types.js';
