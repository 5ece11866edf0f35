/** The helpdesks Threadline connects to; a tenant is one account on one of them. */
export const HELPDESK_KINDS = ['zendesk', 'freshdesk'] as const;

export type HelpdeskKind = (typeof HELPDESK_KINDS)[number];

export const HELPDESK_LABELS: Readonly<Record<HelpdeskKind, string>> = {
  zendesk: 'Zendesk',
  freshdesk: 'Freshdesk',
};

export function isHelpdeskKind(value: string): value is HelpdeskKind {
  return (HELPDESK_KINDS as readonly string[]).includes(value);
}
