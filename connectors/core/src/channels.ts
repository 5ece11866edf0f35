import type { Channel } from '@threadline/vocabulary';

/** The channel vocabulary itself lives in `@threadline/vocabulary`, so the UIs can share it. */
export { CHANNELS, CHANNEL_LABELS, channelLabel, isChannel, type Channel } from '@threadline/vocabulary';

/** A channel plus the vendor's own value, so nothing is lost in mapping. */
export interface ChannelInfo {
  channel: Channel;
  /** The vendor's value as received, e.g. Zendesk `"native_messaging"` or Freshdesk source `7`. */
  raw: string;
}

/** Looks `raw` up in a vendor table; unknown values become `other` with the raw value kept. */
export function mapChannel(table: Readonly<Record<string, Channel>>, raw: string | number | null | undefined): ChannelInfo {
  const key = raw === null || raw === undefined ? '' : String(raw);
  return { channel: table[key] ?? 'other', raw: key };
}
