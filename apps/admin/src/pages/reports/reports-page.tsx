import { useMemo, useRef, useState } from 'preact/hooks';
import type { Channel, Overview } from '../../api/report-types.js';
import { Failure, Loading, reasonOf } from '../../components/status.js';
import { useLoad } from '../../components/use-load.js';
import { channelLabel, formatRange } from '../../format.js';
import { navigate } from '../../router/router.js';
import type { PageProps } from '../page-props.js';
import { ChannelTable } from './channel-table.js';
import { CsvExport } from './csv-export.js';
import { DrillDown, type DrillTarget } from './drill-down.js';
import { FigureCard } from './figure-card.js';
import { HEADLINE_FIGURES, OUTCOME_FIGURES, type Figure } from './figures.js';
import { FilterBar } from './filter-bar.js';
import { JourneyPanel } from './journey-panel.js';
import { filtersFromSearch, localToday, queryFromFilters, searchFromFilters, type ReportFilters } from './range.js';
import { TrendCharts } from './trend-charts.js';

export const REPORTS_PATH = '/reports';

/**
 * One reporting surface across every channel: headline figures with their definitions, trends,
 * the per-channel breakdown, the customer journey, and the tickets behind any figure.
 */
export function ReportsPage({ api, search }: PageProps) {
  const today = useMemo(() => localToday(), []);
  const filters = filtersFromSearch(search, today);
  const query = queryFromFilters(filters);
  const queryKey = JSON.stringify(query);
  const overview = useLoad(() => api.reports.overview(query), queryKey);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  // Channels seen with tickets stay offered after one is chosen (the filtered answer names only it).
  const seenChannels = useRef(new Set<Channel>());
  for (const row of overview.data?.byChannel ?? []) seenChannels.current.add(row.channel);
  if (filters.channel) seenChannels.current.add(filters.channel);

  const setFilters = (next: ReportFilters) => navigate(`${REPORTS_PATH}${searchFromFilters(next)}`, { replace: true });
  const drillInto = (metric: DrillTarget['metric'], channel: Channel | undefined = filters.channel || undefined) =>
    setDrill({ metric, from: filters.from, to: filters.to, channel });

  return (
    <div class="reports">
      <header class="page-head">
        <div>
          <h1>Reports</h1>
          <p class="muted">
            {formatRange(filters)}
            {filters.channel ? `, ${channelLabel(filters.channel)} only` : ', every channel'}
            {overview.data ? `. Dates in ${overview.data.range.timezone}; times in business hours.` : ''}
          </p>
        </div>
        <CsvExport reports={api.reports} query={query} />
      </header>
      <FilterBar filters={filters} today={today} channels={[...seenChannels.current].sort()} onChange={setFilters} />
      <div aria-live="polite" class="load-status">
        {overview.isLoading ? <Loading label={overview.data ? 'Updating the report…' : 'Loading the report…'} /> : null}
      </div>
      {overview.error ? <Failure message={`The report could not be loaded: ${reasonOf(overview.error)}`} onRetry={overview.reload} /> : null}
      {overview.data ? <ReportBody overview={overview.data} interval={filters.interval} onDrill={(figure) => drillInto(figure.key)} onDrillMetric={drillInto} /> : null}
      {drill ? <DrillDown key={JSON.stringify(drill)} target={drill} reports={api.reports} onClose={() => setDrill(null)} /> : null}
    </div>
  );
}

export interface ReportBodyProps {
  overview: Overview;
  interval: ReportFilters['interval'];
  onDrill: (figure: Figure) => void;
  onDrillMetric: (metric: DrillTarget['metric'], channel?: Channel) => void;
}

export function ReportBody({ overview, interval, onDrill, onDrillMetric }: ReportBodyProps) {
  const previous = overview.compare?.overall ?? null;
  return (
    <>
      {overview.compare ? <p class="muted compare-note">Compared with {formatRange(overview.compare.range)}.</p> : null}
      <section aria-labelledby="headline-heading">
        <h2 id="headline-heading" class="sr-only">
          Headline figures
        </h2>
        <div class="cards">
          {HEADLINE_FIGURES.map((figure) => (
            <FigureCard key={figure.key} figure={figure} metrics={overview.overall} previous={previous} definition={overview.definitions[figure.key]} onDrill={onDrill} />
          ))}
        </div>
      </section>
      <section aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">What the agent did</h2>
        <div class="cards cards-small">
          {OUTCOME_FIGURES.map((figure) => (
            <FigureCard key={figure.key} figure={figure} metrics={overview.overall} previous={previous} definition={overview.definitions[figure.key]} onDrill={onDrill} />
          ))}
        </div>
      </section>
      <TrendCharts series={overview.series} interval={interval} />
      <ChannelTable rows={overview.byChannel} onDrill={({ metric, channel }) => onDrillMetric(metric, channel)} />
      <JourneyPanel journey={overview.journey} definition={overview.definitions.multiChannel} onDrill={() => onDrillMetric('multiChannel')} />
    </>
  );
}
