import { useState } from 'preact/hooks';
import type { Timeline, TimelineItem } from '../api-types.js';
import { absoluteTime, channelLabel, relativeTime, roleLabel } from '../format.js';
import { ChannelIcon } from './icons.js';
import { SafeLink } from './safe-link.js';

const PREVIEW_CHARS = 140;

function TimelineEntry({ item, currentTicketId }: { item: TimelineItem; currentTicketId: string }) {
  const [isExpanded, setExpanded] = useState(false);
  const isLong = item.bodyText.length > PREVIEW_CHARS;
  const bodyId = `msg-${item.messageId}`;
  const isCurrent = item.ticket.externalId === currentTicketId;
  return (
    <li class={`entry${isCurrent ? ' entry-current' : ''}`} data-channel={item.channel} data-testid="timeline-item">
      <div class="entry-head">
        <span class="entry-channel" title={`${channelLabel(item.channel)} (${item.channelRaw})`}>
          <ChannelIcon channel={item.channel} />
          <span class="channel-label">{channelLabel(item.channel)}</span>
        </span>
        <span class="entry-role">{roleLabel(item.authorRole)}{item.isPublic ? '' : ' · internal note'}</span>
        <time dateTime={item.createdAt} title={absoluteTime(item.createdAt)}>
          {relativeTime(item.createdAt)}
        </time>
      </div>
      <SafeLink class="entry-ticket" url={item.ticket.url} isExternal>
        #{item.ticket.externalId} {item.ticket.subject}
        {isCurrent ? <span class="sr-only"> (this ticket)</span> : null}
      </SafeLink>
      {/* Archived tickets are read-only in the helpdesk (Freshdesk keeps them apart from its lists). */}
      {item.ticket.isArchived ? <span class="badge" data-testid="archived-badge">archived</span> : null}
      <p id={bodyId} class={`entry-body${isExpanded || !isLong ? '' : ' entry-body-clamped'}`}>
        {isExpanded || !isLong ? item.bodyText : `${item.bodyText.slice(0, PREVIEW_CHARS).trimEnd()}…`}
      </p>
      {isLong ? (
        <button type="button" class="link-button" aria-expanded={isExpanded} aria-controls={bodyId} onClick={() => setExpanded(!isExpanded)}>
          {isExpanded ? 'Show less' : 'Show more'}
        </button>
      ) : null}
    </li>
  );
}

/** The customer's interactions on every channel, newest first, with "Load older" paging. */
export function TimelineView({ timeline, currentTicketId, onLoadOlder, isLoadingOlder }: {
  timeline: Timeline;
  currentTicketId: string;
  onLoadOlder: () => void;
  isLoadingOlder: boolean;
}) {
  return (
    <>
      <ol class="timeline" aria-label={`Interactions with ${timeline.customer.name}, newest first`}>
        {timeline.items.map((item) => (
          <TimelineEntry key={item.messageId} item={item} currentTicketId={currentTicketId} />
        ))}
      </ol>
      {timeline.nextCursor ? (
        <button type="button" class="btn btn-small" onClick={onLoadOlder} disabled={isLoadingOlder} aria-busy={isLoadingOlder}>
          {isLoadingOlder ? 'Loading older interactions…' : 'Load older interactions'}
        </button>
      ) : null}
    </>
  );
}
