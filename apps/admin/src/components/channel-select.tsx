import { channelLabel } from '../format.js';

/** A channel filter: "All channels" (the empty value), then each channel by its label. */
export function ChannelSelect<C extends string>({ value, channels, onChange }: { value: C | ''; channels: readonly C[]; onChange: (channel: C | '') => void }) {
  return (
    <select value={value} onChange={(event) => onChange(event.currentTarget.value as C | '')}>
      <option value="">All channels</option>
      {channels.map((channel) => (
        <option key={channel} value={channel}>
          {channelLabel(channel)}
        </option>
      ))}
    </select>
  );
}
