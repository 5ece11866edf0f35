import { describeMachine } from '../machine.js';
import type { EvalResults } from '../results.js';
import { percent, textTable } from './format.js';
import { answerRows, escalationRows, leadSentence, retrievalRows, stageRows, sweepRows } from './tables.js';

/** The whole result as plain text tables for stdout. */
export function renderTerminal(results: EvalResults): string {
  const out: string[] = [];
  out.push(`Threadline eval (${results.mode}) ${results.date} — ${describeMachine(results.machine)}`);
  out.push(`embedder ${results.embedder.model} (${results.embedder.dimensions}-d); database ${results.database}; ${results.durationSeconds.toFixed(0)} s`);
  for (const view of results.retrieval) {
    const { header, rows } = retrievalRows(view);
    out.push('', `▌${view.title} — ${view.queries} queries; ${view.corpus.documents} documents, ${view.corpus.chunks} chunks (langchain: ${view.corpus.langchainChunks})`);
    out.push(textTable(header, rows));
    out.push(leadSentence(view));
  }
  const answers = answerRows(results);
  out.push('', '▌Answers (hybrid retrieval → answer engine)', textTable(answers.header, answers.rows));
  const escalation = escalationRows(results);
  out.push('', '▌Escalation (positive class: escalate)', textTable(escalation.header, escalation.rows));
  for (const entry of results.escalation.filter((item) => item.confidenceSweep.length > 0)) {
    const best = entry.confidenceSweep.reduce((a, b) => (b.f1 > a.f1 ? b : a));
    out.push(`what-if ${entry.id} (${entry.path}): escalating below confidence ${best.threshold.toFixed(1)} would give F1 ${percent(best.f1)} (precision ${percent(best.precision)}, recall ${percent(best.recall)})`);
  }
  const sweep = sweepRows(results);
  if (sweep && results.sweep) {
    out.push('', '▌Chunking sweep (hybrid; document or passage relevance per view)', textTable(sweep.header, sweep.rows));
    out.push(`winner: maxChars ${results.sweep.winner.maxChars}, overlapChars ${results.sweep.winner.overlapChars} (current default ${results.sweep.current.maxChars} / ${results.sweep.current.overlapChars})`);
  }
  const stages = stageRows(results);
  out.push('', '▌Latency per stage', textTable(stages.header, stages.rows));
  if (results.notes.length > 0) out.push('', ...results.notes.map((note) => `note: ${note}`));
  return `${out.join('\n')}\n`;
}
