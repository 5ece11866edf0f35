import { ConnectorError } from '@threadline/connector-core';
import type { HttpClient } from '@threadline/connector-core/http';
import type { CommentLike } from './mappers.js';
import type { ZendeskCommentEvent, ZendeskIncrementalTicketEvents, ZendeskTicket, ZendeskTicketEvent } from './wire.js';

const epochOf = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function isCommentEvent(child: ZendeskTicketEvent['child_events'][number]): child is ZendeskCommentEvent {
  return (child.event_type === 'Comment' || child.event_type === 'VoiceComment') && 'body' in child;
}

export interface CommentStreamOptions {
  http: HttpClient;
  /** Events per page, at most 1,000 (Using the Incremental Exports API, "Time-based incremental exports"). */
  pageSize: number;
  /** Comments kept for tickets not handed out yet before the stream gives them up. Default 200,000. */
  maxKept?: number;
}

/**
 * Comment bodies from `GET /incremental/ticket_events?include=comment_events`, kept per ticket
 * until the ticket export hands out that ticket. One page carries up to 1,000 comments of any
 * tickets, against one `/tickets/{id}/comments` request per ticket: a backfill of 1,000 tickets
 * with 20 comments each reads 20 event pages instead of 1,000 comment lists. The comment events
 * carry what the mirror keeps of a comment (author, public flag, bodies, attachments, via).
 *
 * A ticket's thread is vouched for only when this stream read every event it can have: the reading
 * started at or before the ticket was created, and has passed the ticket's `updated_at` (adding a
 * comment updates the ticket). Anything else (a stream resumed by another process, a ticket handed
 * out before, events the export does not show yet) is left to `listMessages`.
 */
export function createCommentStream(options: CommentStreamOptions) {
  /** The next `start_time`; the sync cursor stores it. */
  let position: number | null = null;
  /** Where this process began reading: older events are not in `comments`. */
  let readFrom = 0;
  /** Every event up to this second (inclusive) has been read. */
  let completeThrough = -1;
  const comments = new Map<number, Map<number, CommentLike>>();
  let kept = 0;
  const maxKept = options.maxKept ?? 200_000;
  /** Tickets whose thread was handed out; later events of theirs are not kept. */
  const handedOut = new Set<number>();

  function keep(event: ZendeskTicketEvent): void {
    if (handedOut.has(event.ticket_id)) return;
    for (const child of event.child_events) {
      if (!isCommentEvent(child)) continue;
      let thread = comments.get(event.ticket_id);
      if (!thread) comments.set(event.ticket_id, (thread = new Map()));
      // The next page starts at the previous one's end_time, so a comment can come twice.
      if (!thread.has(child.id)) kept++;
      thread.set(child.id, { ...child, plain_body: child.plain_body ?? child.body, via: child.via ?? event.via, created_at: child.created_at ?? event.created_at });
    }
  }

  /**
   * Memory stays bounded on an account whose tickets stay active long after they open (the kept
   * comments belong to tickets the ticket export has not reached): past `maxKept`, everything kept
   * is dropped and reading counts as starting here, so those tickets' threads come from `listMessages`.
   */
  function giveUpIfFull(): void {
    if (kept <= maxKept || position === null) return;
    comments.clear();
    kept = 0;
    readFrom = position;
  }

  return {
    get position(): number | null {
      return position;
    },

    /** Continues from `start` (the cursor's); a different place than where this stream stands starts afresh. */
    resumeAt(start: number): void {
      if (position === start) return;
      position = start;
      readFrom = start;
      completeThrough = start - 1;
      comments.clear();
      kept = 0;
      handedOut.clear();
    },

    /** Reads event pages until every event up to `target` (unix seconds) is in, or the export has nothing newer. */
    async readThrough(target: number): Promise<void> {
      let isAtEnd = false;
      while (position !== null && completeThrough < target && !isAtEnd) {
        const start: number = position;
        const { body } = await options.http.request<ZendeskIncrementalTicketEvents>('GET', '/incremental/ticket_events', {
          query: { start_time: start, include: 'comment_events', per_page: options.pageSize },
        });
        for (const event of body.ticket_events) keep(event);
        const end = body.end_time ?? start;
        if (body.end_of_stream) {
          isAtEnd = true;
          completeThrough = Math.max(completeThrough, end);
        } else {
          if (end <= start) {
            // A full page within one second: the next page would start at the same place.
            throw new ConnectorError({ vendor: 'zendesk', kind: 'protocol', message: `zendesk ticket event export did not advance past ${start}`, details: { startTime: start } });
          }
          // Events of the end second may continue on the next page.
          completeThrough = end - 1;
        }
        position = end;
        giveUpIfFull();
      }
    },

    /**
     * The comments of those tickets whose whole thread was read; the others are absent (the caller
     * reads them with `listMessages`). A ticket is handed out once: if it changes again, its thread
     * is read afresh.
     */
    take(tickets: readonly ZendeskTicket[]): Map<number, CommentLike[]> {
      const threads = new Map<number, CommentLike[]>();
      for (const ticket of tickets) {
        const thread = comments.get(ticket.id);
        const isComplete = readFrom <= epochOf(ticket.created_at) && epochOf(ticket.updated_at) <= completeThrough && !handedOut.has(ticket.id);
        // Every ticket has its first comment; none read means the stream cannot vouch for it.
        if (isComplete && thread && thread.size > 0) threads.set(ticket.id, [...thread.values()]);
        // Either way the caller now holds the whole thread (or reads it): nothing more is kept.
        kept -= thread?.size ?? 0;
        comments.delete(ticket.id);
        handedOut.add(ticket.id);
      }
      return threads;
    },
  };
}

export type CommentStream = ReturnType<typeof createCommentStream>;
