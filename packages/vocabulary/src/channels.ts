/**
 * The one channel vocabulary. Vendor values are mapped into it by explicit tables in each
 * connector; a value no table knows becomes `other`, and the raw value is always kept.
 */
export const CHANNELS = [
  'email',
  'web_form',
  'chat',
  'messaging',
  'whatsapp',
  'sms',
  'voice',
  'social_x',
  'social_facebook',
  'social_instagram',
  'api',
  'system',
  'other',
] as const;

export type Channel = (typeof CHANNELS)[number];

/**
 * Human labels for UIs, notes and reports. A `Record<Channel, string>`, so adding a channel to
 * `CHANNELS` fails to compile until it has a label.
 */
export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  email: 'Email',
  web_form: 'Web form',
  chat: 'Chat',
  messaging: 'Messaging',
  whatsapp: 'WhatsApp',
  sms: 'SMS',
  voice: 'Phone',
  social_x: 'X (Twitter)',
  social_facebook: 'Facebook',
  social_instagram: 'Instagram',
  api: 'API',
  system: 'System',
  other: 'Other',
};

export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

/**
 * The label of a channel. Values from the wire are plain strings (the HTTP contract types channels
 * as strings); one the vocabulary does not know is shown readably rather than dropped.
 *
 * @example channelLabel('voice') // 'Phone'; channelLabel('carrier_pigeon') // 'carrier pigeon'
 */
export function channelLabel(channel: string): string {
  return isChannel(channel) ? CHANNEL_LABELS[channel] : channel.replace(/_/g, ' ');
}
