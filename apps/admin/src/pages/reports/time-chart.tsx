import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Interval } from '../../api/report-types.js';
import { formatDate, formatFigure, type FigureKind } from '../../format.js';

export interface ChartLine {
  label: string;
  /** One value per period; null where the period has none (drawn as a gap, never as 0). */
  values: Array<number | null>;
  color: string;
}

export interface TimeChartProps {
  /** The figure's caption, also the accessible name of its data table. */
  title: string;
  periods: string[];
  lines: ChartLine[];
  kind: FigureKind;
  interval: Interval;
  style: 'bars' | 'lines';
}

const DAY_SECONDS = 86_400;
const HEIGHT = 220;

/** Plotted units: hours for durations (minutes would read 0…3,000), percent for rates. */
const toPlot = (value: number | null, kind: FigureKind) => (value === null ? null : kind === 'duration' ? value / 60 : kind === 'rate' ? value * 100 : value);
const axisLabel = (value: number, kind: FigureKind) => (kind === 'duration' ? `${value} h` : kind === 'rate' ? `${value}%` : value.toLocaleString('en'));

/** Room one date label needs on the axis, in CSS pixels. */
const LABEL_WIDTH = 64;

/** Every k-th period, so that the labels fit `width`; the first period always has one. */
export function periodTicks(xs: number[], width: number): number[] {
  const room = Math.max(1, Math.floor(width / LABEL_WIDTH));
  const step = Math.ceil(xs.length / room);
  return xs.filter((_x, index) => index % step === 0);
}

/** "8 Nov" for a period's timestamp (seconds, UTC midnight). */
const shortDate = (ts: number) => new Date(ts * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/**
 * A chart over time drawn by uPlot on a canvas, with the same numbers in a table under
 * "Show the numbers" (the canvas is hidden from assistive technology; the table is what it reads).
 */
export function TimeChart({ title, periods, lines, kind, interval, style }: TimeChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const points = lines.reduce((sum, line) => sum + line.values.filter((value) => value !== null).length, 0);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const xs = periods.map((period) => Date.parse(`${period}T00:00:00Z`) / 1000);
    const halfStep = ((interval === 'week' ? 7 : 1) * DAY_SECONDS) / 2;
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 200),
      height: HEIGHT,
      // The periods are calendar dates: show them as such, whatever the browser's zone.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: {
        x: { time: true, range: (_u, min, max) => (style === 'bars' ? [min - halfStep, max + halfStep] : [min, max]) },
        y: { range: (_u, _min, max) => [0, kind === 'rate' ? 100 : Math.max(1, max * 1.1)] },
      },
      legend: { show: lines.length > 1, live: false },
      cursor: { drag: { x: false, y: false } },
      axes: [
        {
          stroke: '#52606d',
          grid: { stroke: '#eef2f6' },
          // Ticks on the periods themselves (a week's bar under its own date), thinned to fit the width.
          splits: (u) => periodTicks(xs, u.width),
          values: (_u, splits) => splits.map((ts) => shortDate(ts)),
        },
        { stroke: '#52606d', grid: { stroke: '#eef2f6' }, values: (_u, splits) => splits.map((value) => axisLabel(value, kind)), size: 56 },
      ],
      series: [
        { value: (_u, ts) => (ts === null ? '' : formatDate(new Date(ts * 1000).toISOString())) },
        ...lines.map((line) => ({
          label: line.label,
          stroke: line.color,
          // Bars are filled, not outlined: a period with none shows nothing, not a hairline.
          width: style === 'bars' ? 0 : 2,
          fill: style === 'bars' ? line.color : undefined,
          points: { show: style === 'lines', size: 5 },
          ...(style === 'bars' ? { paths: uPlot.paths.bars!({ size: [0.6, 48] }) } : {}),
        })),
      ],
    };
    const data: uPlot.AlignedData = [xs, ...lines.map((line) => line.values.map((value) => toPlot(value, kind)))];
    const chart = new uPlot(options, data, element);
    const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(element.clientWidth, 200), height: HEIGHT }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [periods, lines, kind, interval, style]);

  return (
    <figure class="chart" data-points={points}>
      <figcaption>{title}</figcaption>
      <div class="chart-canvas" ref={container} aria-hidden="true" />
      <details class="chart-numbers">
        <summary>Show the numbers</summary>
        <div class="table-scroll" tabIndex={0} role="region" aria-label={`${title}: the numbers`}>
          <table>
            <caption class="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{interval === 'week' ? 'Week of' : 'Day'}</th>
                {lines.map((line) => (
                  <th scope="col" key={line.label}>
                    {line.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {periods.map((period, index) => (
                <tr key={period}>
                  <th scope="row">{formatDate(period)}</th>
                  {lines.map((line) => (
                    <td key={line.label}>{formatFigure(line.values[index] ?? null, kind)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
