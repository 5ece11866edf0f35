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

/** A channel plus the vendor's own value, so nothing is lost in mapping. */
export interface ChannelInfo {
  channel: Channel;
  /** The vendor's value as received, e.g. Zendesk `"native_messaging"` or Freshdesk source `7`. */
  raw: string;
}

/** Human labels for UIs and summaries. */
export const CHANNEL_LABELS: Record<Channel, string> = {
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

/** Looks `raw` up in a vendor table; unknown values become `other` with the raw value kept. */
export function mapChannel(table: Readonly<Record<string, Channel>>, raw: string | number | null | undefined): ChannelInfo {
  const key = raw === null || raw === undefined ? '' : String(raw);
  return { channel: table[key] ?? 'other', raw: key };
}
