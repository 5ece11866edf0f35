import type { Metrics } from '../../api/report-types.js';
import { describeChange, formatFigure } from '../../format.js';
import type { Figure } from './figures.js';

export interface FigureCardProps {
  figure: Figure;
  metrics: Metrics;
  /** The previous period's figures, when comparing. */
  previous: Metrics | null;
  /** What is counted, in the API's own words. */
  definition: string | undefined;
  onDrill: (figure: Figure) => void;
}

/** One figure: its value (a button that lists the tickets behind it), detail, change and definition. */
export function FigureCard({ figure, metrics, previous, definition, onDrill }: FigureCardProps) {
  const value = figure.value(metrics);
  const change = previous ? describeChange({ current: value, previous: figure.value(previous), kind: figure.kind, better: figure.better }) : null;
  const definitionId = `definition-${figure.key}`;
  return (
    <article class="card" data-metric={figure.key}>
      <h3 class="card-label">{figure.label}</h3>
      <button type="button" class="card-value" aria-describedby={definitionId} aria-label={`${figure.label}: ${formatFigure(value, figure.kind)}. Show the tickets`} onClick={() => onDrill(figure)}>
        {formatFigure(value, figure.kind)}
      </button>
      {figure.detail ? <p class="card-detail">{figure.detail(metrics)}</p> : null}
      {previous ? (
        <p class="card-change">
          Previous period {formatFigure(figure.value(previous), figure.kind)}
          {change ? <span class={`change change-${change.tone}`}> ({change.text})</span> : null}
        </p>
      ) : null}
      <p class="card-definition" id={definitionId}>
        <span class="card-definition-label">What is counted: </span>
        {definition ?? 'No definition was given for this figure.'}
      </p>
    </article>
  );
}
