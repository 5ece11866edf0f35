import { BASELINES, METHOD_LABELS, RETRIEVAL_METRICS, type EvalResults, type RetrievalViewResult } from '../results.js';
import { ms, percent, points, score, times } from './format.js';

/**
 * The rows both the terminal and the Markdown report print, so the two never disagree.
 * Ratios are hybrid ÷ baseline (for latency too: above 1 means hybrid is slower).
 */
export function retrievalRows(view: RetrievalViewResult): { header: string[]; rows: string[][] } {
  const header = ['metric', 'hybrid', ...BASELINES.flatMap((method) => [METHOD_LABELS[method], 'ratio'])];
  const rows = RETRIEVAL_METRICS.map((metric) => {
    const hybrid = view.methods.hybrid.metrics[metric].value;
    return [metric, score(hybrid), ...BASELINES.flatMap((method) => [score(view.methods[method].metrics[metric].value), times(hybrid, view.methods[method].metrics[metric].value)])];
  });
  for (const quantile of ['p50', 'p95'] as const) {
    const hybrid = view.methods.hybrid.latency[quantile].value;
    rows.push([
      `search ${quantile}`,
      ms(hybrid),
      ...BASELINES.flatMap((method) => [ms(view.methods[method].latency[quantile].value), times(hybrid, view.methods[method].latency[quantile].value)]),
    ]);
  }
  return { header, rows };
}

export function leadSentence(view: RetrievalViewResult): string {
  const { bestBaseline, points: lead } = view.recall5Lead;
  const verb = lead > 0 ? 'beats' : lead < 0 ? 'trails' : 'ties';
  return `recall@5: hybrid ${verb} the best baseline (${METHOD_LABELS[bestBaseline]}) by ${points(lead)}.`;
}

export function answerRows(results: EvalResults): { header: string[]; rows: string[][] } {
  return {
    header: ['view', 'path', 'questions', 'reply / draft / escalate', 'citation rate', 'grounding', 'evidence precision', 'repeated sentences / sources', 'overlap (ROUGE-L F)', 'answer p50', 'answer p95'],
    rows: results.answers.map((answer) => [
      answer.viewId,
      answer.path,
      String(answer.questions),
      `${answer.actions.reply} / ${answer.actions.draft} / ${answer.actions.escalate}`,
      percent(answer.citationRate.value),
      `${percent(answer.grounding.value)} of ${answer.grounding.n} sentences`,
      answer.evidencePrecision ? `${percent(answer.evidencePrecision.value)} of ${answer.evidencePrecision.n}` : '—',
      `${answer.repeatedSentences} / ${answer.repeatedSources}`,
      answer.overlap ? `${score(answer.overlap.value)}${answer.overlapCeiling ? ` (one-sentence ceiling ${score(answer.overlapCeiling.value)})` : ''}` : '—',
      ms(answer.latency.p50.value),
      ms(answer.latency.p95.value),
    ]),
  };
}

export function escalationRows(results: EvalResults): { header: string[]; rows: string[][] } {
  return {
    header: ['view', 'path', 'messages', 'precision', 'recall', 'F1', 'false-answer rate', 'false-escalation rate', 'escalated, by gold category'],
    rows: results.escalation.map((entry) => [
      entry.id,
      entry.path,
      String(entry.metrics.accuracy.n),
      percent(entry.metrics.precision.value),
      percent(entry.metrics.recall.value),
      percent(entry.metrics.f1.value),
      percent(entry.metrics.falseAnswerRate.value),
      percent(entry.metrics.falseEscalationRate.value),
      Object.entries(entry.byCategory)
        .map(([category, { n, escalated }]) => `${category} ${percent(escalated.value)} of ${n}`)
        .join('; '),
    ]),
  };
}

export function stageRows(results: EvalResults): { header: string[]; rows: string[][] } {
  return {
    header: ['stage', 'p50', 'p95', 'samples'],
    rows: Object.entries(results.stages).map(([stage, latency]) => [stage, ms(latency.p50.value), ms(latency.p95.value), String(latency.p50.n)]),
  };
}

export function sweepRows(results: EvalResults): { header: string[]; rows: string[][] } | undefined {
  const sweep = results.sweep;
  if (!sweep) return undefined;
  const isPassage = (view: string): boolean => sweep.configs.some((config) => config.views[view]?.relevance === 'passage');
  const header = [
    'max chars / overlap',
    ...sweep.views.flatMap((view) =>
      isPassage(view) ? [`${view} context recall`, `${view} passage MRR`, `${view} chunks (mean chars)`, `${view} context chars`] : [`${view} recall@5`, `${view} MRR`, `${view} chunks (mean chars)`],
    ),
    'score',
  ];
  const rows = sweep.configs.map((config) => {
    const mark = [
      config.maxChars === sweep.winner.maxChars && config.overlapChars === sweep.winner.overlapChars ? 'winner' : '',
      config.maxChars === sweep.current.maxChars && config.overlapChars === sweep.current.overlapChars ? 'current default' : '',
    ]
      .filter((label) => label.length > 0)
      .join(', ');
    return [
      `${config.maxChars} / ${config.overlapChars}${mark ? ` (${mark})` : ''}`,
      ...sweep.views.flatMap((view) => {
        const entry = config.views[view];
        const cells = entry ? [score(entry.recall5.value), score(entry.mrr.value), `${entry.chunks} (${entry.meanChunkChars.toFixed(0)})`] : ['—', '—', '—'];
        if (isPassage(view)) cells.push(entry?.contextChars === undefined ? '—' : entry.contextChars.toFixed(0));
        return cells;
      }),
      score(config.score),
    ];
  });
  return { header, rows };
}
