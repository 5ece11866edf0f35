import type { ReplayReport } from '../../api/replays-api.js';
import { channelLabel, formatCount, formatRate } from '../../format.js';

/** Per channel: how many tickets, the share the agent would have answered on its own, drafted and escalated, and how close it came. */
export function ChannelFigures({ report }: { report: ReplayReport }) {
  const rows = [...report.channels.map((row) => ({ key: row.channel, label: channelLabel(row.channel), figures: row })), { key: 'all', label: 'All channels', figures: { ...report.totals, channel: 'all' } }];
  return (
    <section aria-labelledby="replay-channels-heading">
      <h2 id="replay-channels-heading">By channel</h2>
      <p class="muted">Similarity is the share of words the agent's answer and the human's have in common (word F1): 100% says the same thing in the same words.</p>
      <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="replay-channels-heading">
        <table class="data-table wrap-head" data-testid="replay-channels">
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">Tickets</th>
              <th scope="col">Answered on its own</th>
              <th scope="col">Drafted</th>
              <th scope="col">Handed to a person</th>
              <th scope="col">Similarity, own answers</th>
              <th scope="col">Similarity, all answers</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ key, label, figures }) => (
              <tr key={key} data-channel={key} class={key === 'all' ? 'total-row' : undefined}>
                <th scope="row">{label}</th>
                <td>{formatCount(figures.tickets)}</td>
                <td>{formatRate(figures.autoShare)}</td>
                <td>{formatRate(figures.draftShare)}</td>
                <td>{formatRate(figures.escalateShare)}</td>
                <td>{formatRate(figures.meanAutoSimilarity)}</td>
                <td>{formatRate(figures.meanSimilarity)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
