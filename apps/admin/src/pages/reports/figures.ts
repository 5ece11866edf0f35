import type { MetricKey, Metrics, Quantiles } from '../../api/report-types.js';
import type { Better, FigureKind } from '../../format.js';
import { formatCount, formatDuration } from '../../format.js';

/** One headline figure: how to read it from `Metrics`, how to show it, which way is good. */
export interface Figure {
  key: MetricKey;
  label: string;
  kind: FigureKind;
  better: Better;
  value(metrics: Metrics): number | null;
  /** A second line of detail under the figure. */
  detail?(metrics: Metrics): string;
}

/** A time figure: its median, with the 90th percentile beneath; shorter is better. */
function durationFigure(key: MetricKey, label: string, pick: (metrics: Metrics) => Quantiles): Figure {
  return { key, label, kind: 'duration', better: 'lower', value: (m) => pick(m).median, detail: (m) => `90th percentile ${formatDuration(pick(m).p90)}` };
}

/** The headline cards, in reading order. */
export const HEADLINE_FIGURES: readonly Figure[] = [
  { key: 'tickets', label: 'Tickets', kind: 'count', better: null, value: (m) => m.tickets },
  durationFigure('firstResponse', 'First response, median', (m) => m.firstResponseMinutes),
  durationFigure('resolution', 'Resolution, median', (m) => m.resolutionMinutes),
  {
    key: 'csat',
    label: 'CSAT',
    kind: 'rate',
    better: 'higher',
    value: (m) => m.csat.score,
    detail: (m) => `${formatCount(m.csat.good)} good, ${formatCount(m.csat.bad)} bad of ${formatCount(m.csat.responses)} ratings`,
  },
  { key: 'automatedResolution', label: 'Automated resolution', kind: 'rate', better: 'higher', value: (m) => m.automatedResolutionRate },
  { key: 'repeatContact', label: 'Repeat contact', kind: 'rate', better: 'lower', value: (m) => m.repeatContactRate },
];

/** What the agent did with the tickets, each a drill-down. */
export const OUTCOME_FIGURES: readonly Figure[] = [
  { key: 'autoReplied', label: 'Answered automatically', kind: 'count', better: null, value: (m) => m.outcomes.autoReplied },
  { key: 'drafted', label: 'Drafted for an agent', kind: 'count', better: null, value: (m) => m.outcomes.drafted },
  { key: 'draftUsed', label: 'Drafts the agent used', kind: 'count', better: null, value: (m) => m.outcomes.draftUsed },
  { key: 'escalated', label: 'Escalated to a person', kind: 'count', better: null, value: (m) => m.outcomes.escalated },
  { key: 'handedOff', label: 'Handed off', kind: 'count', better: null, value: (m) => m.outcomes.handedOff },
  { key: 'reopen', label: 'Reopened', kind: 'rate', better: 'lower', value: (m) => m.reopenRate },
];

/** Names for the drill-down's heading, for every metric the page can drill into. */
export const METRIC_LABELS: Record<MetricKey, string> = {
  tickets: 'Tickets',
  firstResponse: 'First response',
  resolution: 'Resolution',
  csat: 'CSAT ratings',
  reopen: 'Reopened tickets',
  repeatContact: 'Repeat contacts',
  automatedResolution: 'Automated resolutions',
  autoReplied: 'Answered automatically',
  drafted: 'Drafted for an agent',
  draftUsed: 'Drafts the agent used',
  escalated: 'Escalated to a person',
  handedOff: 'Handed off',
  multiChannel: 'Issues over 2+ channels',
};
