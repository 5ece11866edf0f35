import type { JSX } from 'preact';

/** Inline SVG icons (no icon font, no network). Decorative: the label next to them carries the meaning. */
function Svg({ children, size = 16 }: { children: JSX.Element | JSX.Element[]; size?: number }) {
  return (
    <svg class="icon" width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

const CHANNEL_PATHS: Record<string, () => JSX.Element | JSX.Element[]> = {
  email: () => [<rect x="3" y="5" width="18" height="14" rx="2" />, <path d="m3 7 9 6 9-6" />],
  web_form: () => [<rect x="4" y="3" width="16" height="18" rx="2" />, <path d="M8 8h8M8 12h8M8 16h5" />],
  chat: () => <path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12Z" />,
  messaging: () => [<path d="M4 5h16v11H9l-5 4Z" />, <path d="M8 10h8" />],
  whatsapp: () => [<path d="M4 20l1.3-4A8 8 0 1 1 8 18.7Z" />, <path d="M9 10c0 3 2 5 5 5" />],
  sms: () => [<rect x="6" y="2" width="12" height="20" rx="2" />, <path d="M10 18h4" />],
  voice: () => <path d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2Z" />,
  api: () => <path d="m8 8-4 4 4 4M16 8l4 4-4 4M14 5l-4 14" />,
  social: () => [<circle cx="6" cy="12" r="2.5" />, <circle cx="18" cy="6" r="2.5" />, <circle cx="18" cy="18" r="2.5" />, <path d="m8.2 11 7.6-3.9M8.2 13l7.6 3.9" />],
  other: () => [<circle cx="12" cy="12" r="9" />, <path d="M12 8v5M12 16.5v.5" />],
};

/** The icon for a normalized channel (`email`, `chat`, `voice`, …). */
export function ChannelIcon({ channel }: { channel: string }) {
  const key = channel.startsWith('social_') ? 'social' : channel in CHANNEL_PATHS ? channel : 'other';
  return <Svg>{CHANNEL_PATHS[key]!()}</Svg>;
}

/** The icon for an identity type (`email`, `phone`, …). */
export function IdentityIcon({ type }: { type: string }) {
  if (type === 'email') return <ChannelIcon channel="email" />;
  if (type === 'phone') return <ChannelIcon channel="voice" />;
  if (type.startsWith('social') || type === 'twitter' || type === 'facebook') return <ChannelIcon channel="social_x" />;
  return <ChannelIcon channel="other" />;
}

export function ThumbIcon({ direction }: { direction: 'up' | 'down' }) {
  return (
    <Svg>
      {direction === 'up'
        ? [<path d="M7 10v11H3V10Z" />, <path d="M7 10l4-8a3 3 0 0 1 3 3v4h5.5a2 2 0 0 1 2 2.3l-1.3 8A2 2 0 0 1 18.2 21H7" />]
        : [<path d="M7 14V3H3v11Z" />, <path d="M7 14l4 8a3 3 0 0 0 3-3v-4h5.5a2 2 0 0 0 2-2.3l-1.3-8A2 2 0 0 0 18.2 3H7" />]}
    </Svg>
  );
}

export function ExternalIcon() {
  return <Svg size={12}>{[<path d="M14 4h6v6" />, <path d="M20 4 10 14" />, <path d="M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5" />]}</Svg>;
}
