import type { HelpdeskKind } from '@threadline/vocabulary';
import type { TenantScope } from '@threadline/platform';
import type { Queryable } from '@threadline/platform/db';

/** Whether a helpdesk's webhooks arrive: the last delivery and the count over the last 24 hours. */
export interface WebhookActivity {
  kind: HelpdeskKind;
  lastReceivedAt: Date | null;
  /** Verified deliveries in the current hour and the 23 before it. */
  receivedLast24h: number;
  /** Deliveries refused for a wrong signature or secret (a webhook set up with an old secret). */
  lastRefusedAt: Date | null;
  refusedLast24h: number;
}

const RECEIPT_CONFLICT = `on conflict (tenant_id, kind, hour) do update set
       received = webhook_receipts.received + excluded.received,
       refused = webhook_receipts.refused + excluded.refused,
       last_received_at = coalesce(excluded.last_received_at, webhook_receipts.last_received_at),
       last_refused_at = coalesce(excluded.last_refused_at, webhook_receipts.last_refused_at)`;

/**
 * Counts one delivery for the tenant's helpdesk in the current hour: `received` once it verified,
 * `refused` when its signature or secret did not. Deliveries to unknown tenants are not counted.
 */
export async function recordWebhookReceipt(db: Queryable, input: { tenantId: string; kind: HelpdeskKind; outcome: 'received' | 'refused' }): Promise<void> {
  const isReceived = input.outcome === 'received';
  await db.query(
    `insert into webhook_receipts (tenant_id, kind, hour, received, refused, last_received_at, last_refused_at)
     values ($1, $2, date_trunc('hour', now()), $3, $4, case when $5 then now() end, case when $5 then null else now() end)
     ${RECEIPT_CONFLICT}`,
    [input.tenantId, input.kind, isReceived ? 1 : 0, isReceived ? 0 : 1, isReceived],
  );
}

/**
 * `recordWebhookReceipt` of a `received` delivery as the step of a larger statement (a
 * data-modifying `with` item), in the tenant given as `$1` and the helpdesk kind as `kindParam`.
 */
export const receivedReceiptStep = (kindParam: string) =>
  `insert into webhook_receipts (tenant_id, kind, hour, received, refused, last_received_at, last_refused_at)
     values ($1, ${kindParam}, date_trunc('hour', now()), 1, 0, now(), null)
     ${RECEIPT_CONFLICT}`;

/** Per helpdesk the tenant has heard from: the last delivery ever and the counts of the last 24 hours. */
export async function listWebhookActivity(db: Queryable, scope: TenantScope): Promise<WebhookActivity[]> {
  const { rows } = await db.query<{ kind: HelpdeskKind; last_received_at: Date | null; received: string | number; last_refused_at: Date | null; refused: string | number }>(
    `select kind, max(last_received_at) as last_received_at, max(last_refused_at) as last_refused_at,
            coalesce(sum(received) filter (where hour > now() - interval '24 hours'), 0) as received,
            coalesce(sum(refused) filter (where hour > now() - interval '24 hours'), 0) as refused
       from webhook_receipts where tenant_id = $1 group by kind order by kind`,
    [scope.tenantId],
  );
  return rows.map((row) => ({
    kind: row.kind,
    lastReceivedAt: row.last_received_at ? new Date(row.last_received_at) : null,
    receivedLast24h: Number(row.received),
    lastRefusedAt: row.last_refused_at ? new Date(row.last_refused_at) : null,
    refusedLast24h: Number(row.refused),
  }));
}
