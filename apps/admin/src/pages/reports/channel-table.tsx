import type { Channel, MetricKey, Overview } from '../../api/report-types.js';
import { channelLabel, formatCount, formatDuration, formatRate } from '../../format.js';

export interface ChannelTableProps {
  rows: Overview['byChannel'];
  onDrill: (target: { metric: MetricKey; channel: Channel }) => void;
}

/** One row per channel with tickets in range; the ticket count and each rate list their tickets. */
export function ChannelTable({ rows, onDrill }: ChannelTableProps) {
  const most = Math.max(1, ...rows.map((row) => row.tickets));
  const drill = (metric: MetricKey, channel: Channel, text: string, label: string) => (
    <button type="button" class="link-button" aria-label={`${label}, ${channelLabel(channel)}: ${text}. Show the tickets`} onClick={() => onDrill({ metric, channel })}>
      {text}
    </button>
  );
  return (
    <section aria-labelledby="channels-heading">
      <h2 id="channels-heading">By channel</h2>
      {rows.length === 0 ? (
        <p class="state state-empty">No tickets in this range.</p>
      ) : (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="channels-heading">
          <table class="data-table" data-testid="channel-table">
            <thead>
              <tr>
                <th scope="col">Channel</th>
                <th scope="col">Tickets</th>
                <th scope="col">First response, median</th>
                <th scope="col">Resolution, median</th>
                <th scope="col">CSAT</th>
                <th scope="col">Automated resolution</th>
                <th scope="col">Repeat contact</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.channel} data-channel={row.channel}>
                  <th scope="row">{channelLabel(row.channel)}</th>
                  <td>
                    <span class="volume">
                      {drill('tickets', row.channel, formatCount(row.tickets), 'Tickets')}
                      {/* The bar is the count drawn to scale; the number beside it is what is read. */}
                      <span class="volume-track" aria-hidden="true">
                        <span class="volume-bar" style={{ width: `${Math.round((row.tickets / most) * 100)}%` }} />
                      </span>
                    </span>
                  </td>
                  <td>{drill('firstResponse', row.channel, formatDuration(row.firstResponseMinutes.median), 'First response')}</td>
                  <td>{drill('resolution', row.channel, formatDuration(row.resolutionMinutes.median), 'Resolution')}</td>
                  <td>{drill('csat', row.channel, formatRate(row.csat.score), 'CSAT')}</td>
                  <td>{drill('automatedResolution', row.channel, formatRate(row.automatedResolutionRate), 'Automated resolution')}</td>
                  <td>{drill('repeatContact', row.channel, formatRate(row.repeatContactRate), 'Repeat contact')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
