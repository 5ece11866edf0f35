import type { ConnectionAuditBody, ConnectionBody, ConnectionCheckBody, ConnectionForm, ConnectionSavedBody } from '@threadline/server/contract';
import type { ApiClient } from './client.js';

export type Connection = ConnectionBody;
export type ConnectionFormBody = ConnectionForm;
export type ConnectionCheck = ConnectionCheckBody;
export type ConnectionSaved = ConnectionSavedBody;
export type ConnectionAudit = ConnectionAuditBody;

/** The tenant's helpdesk connection: read it, check credentials without saving, save them once accepted. */
export interface ConnectionApi {
  get(): Promise<Connection>;
  check(form: ConnectionForm): Promise<ConnectionCheck>;
  save(form: ConnectionForm): Promise<ConnectionSaved>;
  audit(limit?: number): Promise<ConnectionAudit>;
}

export function createConnectionApi(client: ApiClient): ConnectionApi {
  return {
    get: () => client.json('/v1/connection'),
    check: (form) => client.write('POST', '/v1/connection/check', form),
    save: (form) => client.write('PUT', '/v1/connection', form),
    audit: (limit = 10) => client.json('/v1/connection/audit', { limit }),
  };
}
