/** Who wrote a message: the customer, a human agent, Threadline (or another bot), or the helpdesk itself. */
export const AUTHOR_ROLES = ['customer', 'agent', 'bot', 'system'] as const;

export type AuthorRole = (typeof AUTHOR_ROLES)[number];

/** How the UIs name each author role; `bot` is shown as Threadline, the only bot that writes through us. */
export const ROLE_LABELS: Readonly<Record<AuthorRole, string>> = {
  customer: 'Customer',
  agent: 'Agent',
  bot: 'Threadline',
  system: 'System',
};

export function isAuthorRole(value: string): value is AuthorRole {
  return (AUTHOR_ROLES as readonly string[]).includes(value);
}

/** The label of an author role; an unknown value from the wire is shown as it is. */
export function roleLabel(role: string): string {
  return isAuthorRole(role) ? ROLE_LABELS[role] : role;
}
