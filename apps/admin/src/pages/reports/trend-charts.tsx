import { useMemo } from 'preact/hooks';
import type { Interval, Overview } from '../../api/report-types.js';
import { TimeChart, type ChartLine } from './time-chart.js';

/** Colours that stay apart for the common kinds of colour blindness (Okabe–Ito). */
export const SERIES_COLORS = { blue: '#0072B2', orange: '#D55E00', green: '#009E73', purple: '#CC79A7' } as const;

/** The report's figures over time: volume, response and resolution times, and the rates. */
export function TrendCharts({ series, interval }: { series: Overview['series']; interval: Interval }) {
  const charts = useMemo(() => {
    const periods = series.map((point) => point.period);
    const line = (label: string, color: string, values: Array<number | null>): ChartLine => ({ label, color, values });
    return {
      periods,
      volume: [line('Tickets', SERIES_COLORS.blue, series.map((point) => point.tickets))],
      times: [
        line('First response, median', SERIES_COLORS.blue, series.map((point) => point.firstResponseMinutes.median)),
        line('Resolution, median', SERIES_COLORS.orange, series.map((point) => point.resolutionMinutes.median)),
      ],
      rates: [
        line('CSAT', SERIES_COLORS.green, series.map((point) => point.csat.score)),
        line('Automated resolution', SERIES_COLORS.blue, series.map((point) => point.automatedResolutionRate)),
        line('Repeat contact', SERIES_COLORS.orange, series.map((point) => point.repeatContactRate)),
      ],
    };
  }, [series]);

  return (
    <section class="charts" aria-labelledby="trends-heading">
      <h2 id="trends-heading">Over time</h2>
      <div class="chart-grid">
        <TimeChart title={`Tickets per ${interval}`} periods={charts.periods} lines={charts.volume} kind="count" interval={interval} style="bars" />
        <TimeChart title="Response and resolution times (business hours)" periods={charts.periods} lines={charts.times} kind="duration" interval={interval} style="lines" />
        <TimeChart title="CSAT, automated resolution and repeat contact" periods={charts.periods} lines={charts.rates} kind="rate" interval={interval} style="lines" />
      </div>
    </section>
  );
}
