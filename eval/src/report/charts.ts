import { METHOD_LABELS, RETRIEVAL_METHODS, type EvalResults } from '../results.js';
import { ms, percent, score } from './format.js';
import { barChart, PALETTE } from './svg.js';

/** The report's charts, by file suffix. */
export function renderCharts(results: EvalResults): Record<string, string> {
  const methodSeries = RETRIEVAL_METHODS.map((method, index) => ({ name: METHOD_LABELS[method], color: PALETTE[index] as string }));
  const views = results.retrieval;
  const charts: Record<string, string> = {
    'retrieval-recall5': barChart({
      title: 'Retrieval: recall@5 by view',
      subtitle: 'share of gold documents in the top 5, averaged per question (higher is better)',
      groups: views.map((view) => ({ label: view.title.replace(/ \(quick subset\)/, ''), values: RETRIEVAL_METHODS.map((method) => view.methods[method].metrics['recall@5'].value) })),
      series: methodSeries,
      max: 1,
      format: score,
    }),
    'retrieval-mrr': barChart({
      title: 'Retrieval: MRR by view',
      subtitle: 'mean of 1 / rank of the first gold document in the top 10 (higher is better)',
      groups: views.map((view) => ({ label: view.title.replace(/ \(quick subset\)/, ''), values: RETRIEVAL_METHODS.map((method) => view.methods[method].metrics.mrr.value) })),
      series: methodSeries,
      max: 1,
      format: score,
    }),
    'retrieval-latency': barChart({
      title: 'Retrieval: search latency p95 by view',
      subtitle: `per query, query embedding excluded; ${results.database} (lower is better)`,
      groups: views
        .filter((view) => !view.id.startsWith('hint3-') || view.id === 'hint3-all')
        .map((view) => ({ label: view.title.replace(/ \(quick subset\)/, ''), values: RETRIEVAL_METHODS.map((method) => view.methods[method].latency.p95.value) })),
      series: methodSeries,
      format: ms,
    }),
    escalation: barChart({
      title: 'Escalation decisions (offline engine unless labelled)',
      subtitle: 'precision / recall / F1 of “escalate”, and the two error rates (lower is better for those)',
      groups: results.escalation.map((entry) => ({
        label: `${entry.id}${entry.path === 'offline' ? '' : ` (${entry.path})`}`,
        values: [entry.metrics.precision.value, entry.metrics.recall.value, entry.metrics.f1.value, entry.metrics.falseAnswerRate.value, entry.metrics.falseEscalationRate.value],
      })),
      series: ['precision', 'recall', 'F1', 'false-answer rate', 'false-escalation rate'].map((name, index) => ({ name, color: PALETTE[index] as string })),
      max: 1,
      format: percent,
    }),
    stages: barChart({
      title: 'Latency per stage',
      subtitle: 'p50 and p95 over the whole run (lower is better)',
      groups: Object.entries(results.stages).map(([stage, latency]) => ({ label: stage, values: [latency.p50.value, latency.p95.value] })),
      series: [
        { name: 'p50', color: PALETTE[0] as string },
        { name: 'p95', color: PALETTE[1] as string },
      ],
      format: ms,
    }),
  };
  if (results.sweep) {
    const sweep = results.sweep;
    charts.sweep = barChart({
      title: 'Chunking sweep: hybrid retrieval by chunk size / overlap',
      subtitle: `recall@5 of gold documents, or context recall for passage-relevance views; winner ${sweep.winner.maxChars} / ${sweep.winner.overlapChars}, current default ${sweep.current.maxChars} / ${sweep.current.overlapChars}`,
      groups: sweep.configs.map((config) => ({ label: `${config.maxChars} chars / ${config.overlapChars} overlap`, values: sweep.views.map((view) => config.views[view]?.recall5.value ?? 0) })),
      series: sweep.views.map((view, index) => ({ name: view, color: PALETTE[index] as string })),
      max: 1,
      format: score,
    });
  }
  return charts;
}
