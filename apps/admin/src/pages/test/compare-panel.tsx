import { useState } from 'preact/hooks';
import { answerDecisionWords } from '@threadline/vocabulary';
import type { PolicyOverride, ReplayComparison, ReplayFigures, ReplayReport, ReplaysApi } from '../../api/replays-api.js';
import { reasonOf } from '../../components/status.js';
import { channelLabel, describeChange, formatRate } from '../../format.js';
import { ThresholdInput } from '../../components/threshold-input.js';
import { ACTION_SHORT, MODE_LABELS, formatThreshold } from './replay-words.js';

type Mode = keyof typeof MODE_LABELS;
type Setting = { mode: Mode; confidenceThreshold: number };

function Shift({ before, after, label }: { before: number | null; after: number | null; label: string }) {
  const change = describeChange({ current: after, previous: before, kind: 'rate', better: null });
  return (
    <td class="shift" data-figure={label}>
      {formatRate(before)} <span aria-hidden="true">→</span>
      <span class="sr-only"> would become </span> <strong>{formatRate(after)}</strong>
      {change && change.text !== 'no change' ? <span class="muted"> ({change.text})</span> : null}
    </td>
  );
}

function FiguresRow({ label, before, after }: { label: string; before: ReplayFigures; after: ReplayFigures }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <Shift label="Answered on its own" before={before.autoShare} after={after.autoShare} />
      <Shift label="Drafted" before={before.draftShare} after={after.draftShare} />
      <Shift label="Handed to a person" before={before.escalateShare} after={after.escalateShare} />
      <Shift label="Similarity, own answers" before={before.meanAutoSimilarity} after={after.meanAutoSimilarity} />
    </tr>
  );
}

/**
 * Another policy on the same replay: per channel, the mode and threshold to try; the server decides
 * every ticket again with the engine's rules (no model call) and answers before and after.
 */
export function ComparePanel({ replayId, report, api }: { replayId: string; report: ReplayReport; api: ReplaysApi }) {
  const settings = report.settings as Record<string, Setting> | null;
  const channels = report.channels.map((row) => row.channel);
  const [trial, setTrial] = useState<Record<string, Setting>>(() => Object.fromEntries(channels.map((channel) => [channel, settings?.[channel] ?? { mode: 'draft', confidenceThreshold: 0.7 }])));
  const [result, setResult] = useState<ReplayComparison | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [isComparing, setIsComparing] = useState(false);

  if (!report.isComparable || !settings) {
    return (
      <section aria-labelledby="replay-compare-heading">
        <h2 id="replay-compare-heading">Compare policies</h2>
        <p class="state state-empty">This replay ran before replays kept what each decision was made from. Run a new replay to compare policies.</p>
      </section>
    );
  }

  const set = (channel: string, change: Partial<Setting>) => setTrial((current) => ({ ...current, [channel]: { ...(current[channel] as Setting), ...change } }));
  const compare = () => {
    const override: PolicyOverride = { channels: Object.fromEntries(channels.map((channel) => [channel, trial[channel]])) };
    setProblem(null);
    setIsComparing(true);
    api.compare(replayId, override).then(
      (answer) => {
        setResult(answer);
        setIsComparing(false);
      },
      (error: unknown) => {
        setProblem(`The compare failed: ${reasonOf(error)}`);
        setIsComparing(false);
      },
    );
  };

  return (
    <section aria-labelledby="replay-compare-heading">
      <h2 id="replay-compare-heading">Compare policies</h2>
      <p class="muted">Try other thresholds or modes on the same tickets: the agent's rules decide each ticket again on the answers it already wrote, without asking the model again. Nothing is saved; change the policy on the Policy page.</p>
      <form
        class="compare-form"
        onSubmit={(event) => {
          event.preventDefault();
          compare();
        }}
      >
        <div class="compare-channels">
          {channels.map((channel) => {
            const now = settings[channel] as Setting;
            const tried = trial[channel] as Setting;
            const label = channelLabel(channel);
            return (
              <fieldset key={channel} class="compare-channel" data-channel={channel}>
                <legend>{label}</legend>
                <p class="muted compare-now">
                  Replayed with: {MODE_LABELS[now.mode].toLowerCase()}, threshold {formatThreshold(now.confidenceThreshold)}
                </p>
                <label for={`try-mode-${channel}`}>Mode to try</label>
                <select id={`try-mode-${channel}`} aria-label={`Mode to try for ${label}`} value={tried.mode} onChange={(event) => set(channel, { mode: event.currentTarget.value as Mode })}>
                  {(Object.keys(MODE_LABELS) as Mode[])
                    .filter((mode) => !(channel === 'voice' && mode === 'auto'))
                    .map((mode) => (
                      <option key={mode} value={mode}>
                        {MODE_LABELS[mode]}
                      </option>
                    ))}
                </select>
                <label for={`try-threshold-${channel}`}>Threshold to try</label>
                <ThresholdInput
                  id={`try-threshold-${channel}`}
                  label={`Threshold to try for ${label}`}
                  step={5}
                  value={tried.confidenceThreshold}
                  onChange={(confidenceThreshold) => set(channel, { confidenceThreshold })}
                />
              </fieldset>
            );
          })}
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={isComparing}>
            {isComparing ? 'Comparing…' : 'Compare'}
          </button>
        </div>
      </form>
      {problem ? (
        <p class="state state-error" role="alert">
          {problem}
        </p>
      ) : null}
      {result ? (
        <div class="compare-result" data-testid="replay-comparison">
          <h3>Replayed policy → compared policy</h3>
          <div class="table-scroll" tabIndex={0} role="region" aria-label="Before and after, by channel">
            <table class="data-table">
              <thead>
                <tr>
                  <th scope="col">Channel</th>
                  <th scope="col">Answered on its own</th>
                  <th scope="col">Drafted</th>
                  <th scope="col">Handed to a person</th>
                  <th scope="col">Similarity, own answers</th>
                </tr>
              </thead>
              <tbody>
                {result.channels.map((row) => (
                  <FiguresRow key={row.channel} label={channelLabel(row.channel)} before={row.before} after={row.after} />
                ))}
                <FiguresRow label="All channels" before={result.totals.before} after={result.totals.after} />
              </tbody>
            </table>
          </div>
          <h3>{result.changed.length === 0 ? 'No ticket would be handled differently.' : `${result.changed.length === 1 ? '1 ticket' : `${result.changed.length} tickets`} would be handled differently`}</h3>
          {result.changed.length > 0 ? (
            <ul class="plain-list changed-list">
              {result.changed.map((ticket) => (
                <li key={ticket.ticketExternalId}>
                  #{ticket.ticketExternalId} {ticket.subject} <span class="muted">({channelLabel(ticket.channel)}, {answerDecisionWords(ticket)})</span>: {ACTION_SHORT[ticket.before]} →{' '}
                  <strong>{ACTION_SHORT[ticket.after]}</strong>
                </li>
              ))}
            </ul>
          ) : null}
          <p class="muted">{result.note}</p>
        </div>
      ) : null}
    </section>
  );
}
