import type { CustomerCard as Card } from '../api-types.js';
import { channelLabel } from '../format.js';
import { ChannelIcon, IdentityIcon } from './icons.js';

/** Who the customer is across channels: every identity, the channels used, and their tickets. */
export function CustomerCardView({ card, currentTicketId }: { card: Card; currentTicketId: string }) {
  const others = card.tickets.filter((ticket) => ticket.externalId !== currentTicketId).length;
  return (
    <div class="customer">
      <p class="customer-name">{card.name}</p>
      {card.organization ? (
        <p class="customer-organization muted" data-testid="customer-organization" title={card.organization.domains.join(', ') || undefined}>
          <span class="sr-only">Organization: </span>
          {card.organization.name}
        </p>
      ) : null}
      <ul class="identities" aria-label="Identities">
        {card.identities.map((identity) => (
          <li key={`${identity.type}:${identity.value}`}>
            <IdentityIcon type={identity.type} />
            <span class="sr-only">{identity.type}: </span>
            {/* The match key reads the same on every channel; the helpdesk's own spelling is a hover away. */}
            <span class="identity-value" title={identity.raw !== identity.value ? identity.raw : undefined}>
              {identity.value}
            </span>
            {identity.isVerified ? null : <span class="badge">unverified</span>}
          </li>
        ))}
      </ul>
      <ul class="chips" aria-label="Channels used, most recent first">
        {card.channels.map((channel) => (
          <li key={channel} class="chip" data-channel={channel}>
            <ChannelIcon channel={channel} />
            {channelLabel(channel)}
          </li>
        ))}
      </ul>
      <p class="muted">
        {card.tickets.length} {card.tickets.length === 1 ? 'ticket' : 'tickets'}
        {others > 0 ? `, ${others} besides this one` : ''}
        {card.locale ? ` · ${card.locale}` : ''}
      </p>
    </div>
  );
}
