/** A ticket's status in the normalized model; each connector maps its vendor's statuses into these. */
export const TICKET_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;

export type TicketStatus = (typeof TICKET_STATUSES)[number];
