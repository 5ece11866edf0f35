import { useEffect, useState } from 'preact/hooks';
import type { Channel, Interval } from '../../api/report-types.js';
import { ChannelSelect } from '../../components/channel-select.js';
import { presetRange, rangeProblem, type Preset, type ReportFilters } from './range.js';

const PRESET_LABELS: Record<Exclude<Preset, 'custom'>, string> = { '7': 'Last 7 days', '30': 'Last 30 days', '90': 'Last 90 days' };

export interface FilterBarProps {
  filters: ReportFilters;
  today: string;
  /** Channels to offer (those with tickets, and the chosen one). */
  channels: readonly Channel[];
  onChange: (filters: ReportFilters) => void;
}

/** Date range (presets or custom), channel, day/week, and compare with the previous period. */
export function FilterBar({ filters, today, channels, onChange }: FilterBarProps) {
  const [custom, setCustom] = useState({ from: filters.from, to: filters.to });
  const [isEditingCustom, setIsEditingCustom] = useState(filters.preset === 'custom');
  useEffect(() => setCustom({ from: filters.from, to: filters.to }), [filters.from, filters.to]);
  const problem = isEditingCustom ? rangeProblem(custom) : null;

  const choosePreset = (preset: Exclude<Preset, 'custom'>) => {
    setIsEditingCustom(false);
    onChange({ ...filters, preset, ...presetRange(Number(preset), today) });
  };
  const changeCustom = (next: { from: string; to: string }) => {
    setCustom(next);
    if (rangeProblem(next) === null) onChange({ ...filters, preset: 'custom', ...next });
  };

  return (
    <form class="filters" aria-label="Report filters" onSubmit={(event) => event.preventDefault()}>
      <fieldset class="filter-group">
        <legend>Dates</legend>
        <div class="segmented">
          {(Object.keys(PRESET_LABELS) as Array<Exclude<Preset, 'custom'>>).map((preset) => (
            <button type="button" key={preset} class="btn" aria-pressed={!isEditingCustom && filters.preset === preset} onClick={() => choosePreset(preset)}>
              {PRESET_LABELS[preset]}
            </button>
          ))}
          <button type="button" class="btn" aria-pressed={isEditingCustom} onClick={() => setIsEditingCustom(true)}>
            Custom
          </button>
        </div>
        {isEditingCustom ? (
          <div class="custom-range">
            <label>
              From
              <input type="date" value={custom.from} max={today} onChange={(event) => changeCustom({ ...custom, from: event.currentTarget.value })} />
            </label>
            <label>
              To
              <input type="date" value={custom.to} max={today} onChange={(event) => changeCustom({ ...custom, to: event.currentTarget.value })} />
            </label>
            {problem ? (
              <p class="field-problem" role="alert">
                {problem}
              </p>
            ) : null}
          </div>
        ) : null}
      </fieldset>
      <label class="filter-group">
        Channel
        <ChannelSelect value={filters.channel} channels={channels} onChange={(channel) => onChange({ ...filters, channel })} />
      </label>
      <label class="filter-group">
        Group by
        <select value={filters.interval} onChange={(event) => onChange({ ...filters, interval: event.currentTarget.value as Interval })}>
          <option value="day">Day</option>
          <option value="week">Week</option>
        </select>
      </label>
      <label class="filter-check">
        <input type="checkbox" checked={filters.isComparing} onChange={(event) => onChange({ ...filters, isComparing: event.currentTarget.checked })} />
        Compare with the previous period
      </label>
    </form>
  );
}
