import { DEFAULT_CONFIDENCE_THRESHOLD, escalateBelow, OFFLINE_ESCALATE_AT_DEFAULT } from '@threadline/knowledge/answer';
import { describeMachine } from '../machine.js';
import { EVAL_POLICY } from '../runners/context.js';
import { METHOD_LABELS, type EvalResults } from '../results.js';
import { markdownTable, percent, points, score } from './format.js';
import { answerRows, escalationRows, leadSentence, retrievalRows, stageRows, sweepRows } from './tables.js';

/** The headline lines for the README: one per retrieval view, answers and escalation. */
export function headline(results: EvalResults): string[] {
  const lines = results.retrieval
    .filter((view) => !view.id.startsWith('hint3-') || view.id === 'hint3-all')
    .map((view) => {
      const hybrid = view.methods.hybrid.metrics;
      const best = view.recall5Lead.bestBaseline;
      return `${view.title}: recall@5 ${score(hybrid['recall@5'].value)} vs ${score(view.methods[best].metrics['recall@5'].value)} for the best baseline (${METHOD_LABELS[best]}), ${points(view.recall5Lead.points)}; hit@5 ${score(hybrid['hit@5'].value)}; MRR ${score(hybrid.mrr.value)}, nDCG@10 ${score(hybrid['ndcg@10'].value)}; search p95 ${view.methods.hybrid.latency.p95.value.toFixed(1)} ms.${legacyLine(view)}`;
    });
  for (const entry of results.escalation) {
    lines.push(
      `${entry.title} (${entry.path}): escalate precision ${percent(entry.metrics.precision.value)}, recall ${percent(entry.metrics.recall.value)}, F1 ${percent(entry.metrics.f1.value)}; false-answer rate ${percent(entry.metrics.falseAnswerRate.value)}, false-escalation rate ${percent(entry.metrics.falseEscalationRate.value)}.${calibrationLine(entry)}`,
    );
  }
  for (const answer of results.answers) {
    lines.push(
      `answers on ${answer.viewId} (${answer.path}): citation rate ${percent(answer.citationRate.value)}, grounding ${percent(answer.grounding.value)}${answer.evidencePrecision ? `, evidence precision ${percent(answer.evidencePrecision.value)}` : ''}, repeated sentences ${answer.repeatedSentences}, repeated sources ${answer.repeatedSources}${answer.overlap ? `, ROUGE-L F vs reference ${score(answer.overlap.value)}${answer.overlapCeiling ? ` (the best single sentence of its passages: ${score(answer.overlapCeiling.value)})` : ''}` : ''}.`,
    );
  }
  if (results.sweep) lines.push(`chunking: ${results.sweep.winner.maxChars} characters with ${results.sweep.winner.overlapChars} overlap wins the sweep (current default ${results.sweep.current.maxChars} / ${results.sweep.current.overlapChars}).`);
  return lines;
}

/** The decision on the tune and check halves, and the cut the tune half alone would choose. */
function calibrationLine(entry: EvalResults['escalation'][number]): string {
  const calibration = entry.calibration;
  if (!calibration) return '';
  const { tune, check, tuned } = calibration;
  const perTenant = calibration.perTenant;
  const tenants = perTenant
    ? ` Each tenant at its own threshold, chosen on its tune half (cuts ${Object.entries(perTenant.cuts)
        .map(([tenant, cut]) => `${tenant} ${cut.toFixed(2)}`)
        .join(', ')}): F1 ${percent(perTenant.tune.f1)} tune, ${percent(perTenant.check.f1)} check, ${percent(perTenant.all.f1)} all.`
    : '';
  return ` Tune half (${tune.n}): F1 ${percent(tune.f1)}; check half (${check.n}): F1 ${percent(check.f1)} (seed ${calibration.seed}); the tune half alone would cut at ${tuned.cut.toFixed(2)} (F1 ${percent(tuned.tuneF1)} tune, ${percent(tuned.checkF1)} check).${tenants}`;
}

/** The old figure beside the new one: the same view with the eval's entity in the subject. */
function legacyLine(view: EvalResults['retrieval'][number]): string {
  if (!view.legacy) return '';
  const old = view.legacy.metrics;
  return ` Before (${view.legacy.label}): recall@5 ${score(old['recall@5'].value)}, hit@5 ${score(old['hit@5'].value)}, MRR ${score(old.mrr.value)}.`;
}

/** What a reader should know before adopting the sweep's winner: per-corpus winners and grid edges. */
export function sweepCaveats(results: EvalResults): string[] {
  const sweep = results.sweep;
  if (!sweep) return [];
  const lines = sweep.views.map((view) => {
    const best = sweep.configs.reduce((a, b) => ((b.views[view]?.recall5.value ?? 0) > (a.views[view]?.recall5.value ?? 0) ? b : a));
    const current = sweep.configs.find((config) => config.maxChars === sweep.current.maxChars && config.overlapChars === sweep.current.overlapChars);
    const delta = current ? 100 * ((best.views[view]?.recall5.value ?? 0) - (current.views[view]?.recall5.value ?? 0)) : Number.NaN;
    const metric = best.views[view]?.relevance === 'passage' ? 'context recall' : 'recall@5';
    return `${view}: best alone ${best.maxChars} / ${best.overlapChars} (${metric} ${score(best.views[view]?.recall5.value ?? 0)}, ${Number.isFinite(delta) ? `${points(delta)} over the current default` : 'no current default in the grid'}).`;
  });
  const sizes = sweep.configs.map((config) => config.maxChars);
  if (sweep.winner.maxChars === Math.min(...sizes) || sweep.winner.maxChars === Math.max(...sizes)) {
    lines.push(`The winner is at the ${sweep.winner.maxChars === Math.min(...sizes) ? 'small' : 'large'} end of the grid: the optimum may lie beyond it.`);
  }
  return lines;
}

const DEFINITIONS = [
  '**recall@k**: share of a question’s gold documents in the top k, averaged over questions. **hit@5**: share of questions with any gold document in the top 5. **MRR**: mean of 1 / rank of the first gold document within the top 10 (0 when none). **nDCG@10**: binary-gain nDCG over the top 10. Several chunks of one document count once, at the best rank.',
  '**ratio**: hybrid ÷ baseline, for scores and for latency (a latency ratio above 1 means hybrid is slower).',
  '**citation rate**: of the questions the engine answered (reply or draft), the share with at least one citation. **grounding**: of the answered replies’ sentences with at least 3 content words, the share with ≥ 60 % of their content words in one cited passage (lexical; no LLM judge ran). The offline path lifts sentences out of the passages it cites, so its grounding is 100 % by construction; the figure matters for the Claude path. **overlap**: ROUGE-L F of the reply against the dataset’s reference reply; its **one-sentence ceiling** is the mean of the best ROUGE-L F that any single sentence of the passages handed to the engine reaches, what an extractive reply of one lifted sentence could score at most.',
  '**escalation**: “escalate” is the positive class. **false-answer rate**: gold says escalate, the engine answered. **false-escalation rate**: gold says answerable, the engine escalated. **tune / check halves**: the messages split in two by a fixed seed; the committed cut is judged on both, and the cut the tune half alone would choose is scored on the check half, so no figure is only in-sample.',
  '**evidence precision**: of the answered questions that cite something, the share whose cited sentences all come from a gold snippet. **repeated sentences / sources**: sentences repeated inside one reply, and sources a reply cites more than once, summed over the view (goal 0).',
  'Every figure is computed on a non-empty set; a metric over zero items or a NaN fails the run.',
];

/** The Markdown report; charts are separate SVG files next to it, named `<date>-<chart>.svg`. */
export function renderMarkdown(results: EvalResults, chartFiles: Record<string, string>): string {
  const out: string[] = [];
  const chart = (name: string, alt: string) => (chartFiles[name] ? `![${alt}](${chartFiles[name]})` : '');
  out.push(`# Threadline eval — ${results.date} (${results.mode})`, '');
  out.push(`- machine: ${describeMachine(results.machine)}`);
  out.push(`- embedder: \`${results.embedder.model}\` (${results.embedder.dimensions}-d, ${results.embedder.provider}); ${results.embedder.cacheMisses} texts embedded this run, ${results.embedder.cacheHits} served from the vector cache`);
  out.push(`- database: ${results.database}`);
  out.push(`- duration: ${(results.durationSeconds / 60).toFixed(1)} min`, '');
  out.push('## Headline', '', ...headline(results).map((line) => `- ${line}`), '');

  out.push('## Retrieval', '');
  out.push('Hybrid is Threadline’s `search` (pgvector HNSW + Postgres full text, fused by reciprocal rank); the baselines run in the same process on the same index and embedder: `searchText` alone, `searchVector` alone, and LangChain’s `RecursiveCharacterTextSplitter` (defaults: 1,000 / 200) with a `MemoryVectorStore` over an `Embeddings` adapter of the same embedder.', '');
  out.push(chart('retrieval-recall5', 'recall@5 by view'), '', chart('retrieval-mrr', 'MRR by view'), '', chart('retrieval-latency', 'search latency p95 by view'), '');
  for (const view of results.retrieval) {
    const { header, rows } = retrievalRows(view);
    out.push(`### ${view.title}`, '');
    out.push(`${view.description}. ${view.queries} questions; index: ${view.corpus.documents} documents, ${view.corpus.chunks} chunks (mean ${view.corpus.meanChunkChars.toFixed(0)} characters); LangChain: ${view.corpus.langchainChunks} chunks.`, '');
    out.push(markdownTable(header, rows), '', `**${leadSentence(view)}**`, '');
    if (view.legacy) out.push(`${legacyLine(view).trim()} The new queries are the product's own (\`buildConversationQuery\` on a ticket whose subject is a chat's made-up one); the old ones carried the entity the eval's finder named.`, '');
  }

  const answers = answerRows(results);
  out.push('## Answers', '', 'The top 6 hybrid passages of each question go to the answer engine as the agent pipeline sends them (chat channel, policy: auto mode, confidence threshold 0.7, default blocked topics).', '');
  out.push(markdownTable(answers.header, answers.rows), '');

  const escalation = escalationRows(results);
  out.push('## Escalation', '', chart('escalation', 'escalation metrics'), '', markdownTable(escalation.header, escalation.rows), '');
  for (const entry of results.escalation) {
    const reasons = Object.entries(entry.escalationReasons).sort((a, b) => b[1] - a[1]);
    if (reasons.length > 0) out.push(`- ${entry.id} (${entry.path}) — guardrails on escalated messages: ${reasons.map(([rule, count]) => `\`${rule}\` ${count}`).join(', ')}`);
  }
  out.push('');
  for (const entry of results.escalation.filter((item) => item.confidenceSweep.length > 0)) {
    const best = entry.confidenceSweep.reduce((a, b) => (b.f1 > a.f1 ? b : a));
    out.push(
      `What-if on ${entry.id} (${entry.path}): escalate when ${entry.path === 'offline' ? "the offline answerability (the calibrated probability that the knowledge answers, which decides the engine's hand-off)" : "the engine's confidence"} is below t (blocked topics, a person asked for, no knowledge needed and empty retrieval always escalate). Best F1 ${percent(best.f1)} at t = ${best.threshold.toFixed(1)}; ${entry.path === 'offline' ? `the engine escalates below ${escalateBelow('offline', EVAL_POLICY.confidenceThreshold).toFixed(2)} at the policy threshold ${EVAL_POLICY.confidenceThreshold} (\`escalateBelow\`: the cut scales with the tenant's threshold, so a tenant threshold T sits on this table's row t = ${(OFFLINE_ESCALATE_AT_DEFAULT / DEFAULT_CONFIDENCE_THRESHOLD).toFixed(3)} × T)` : 'a model escalates below min(0.25, threshold / 2)'}.`,
      '',
      markdownTable(
        ['t', 'escalated', 'precision', 'recall', 'F1'],
        entry.confidenceSweep.map((row) => [row.threshold.toFixed(1), String(row.escalated), percent(row.precision), percent(row.recall), percent(row.f1)]),
      ),
      '',
    );
  }

  const sweep = sweepRows(results);
  if (sweep && results.sweep) {
    out.push('## Chunking sweep', '');
    out.push(
      `Each candidate re-ingests the corpora whose documents are long enough to be cut (${results.sweep.views.join(', ')}) into a fresh database of its own and runs hybrid retrieval. Two kinds of relevance keep a bigger chunk from winning just by holding more text: per document (recall@5 of gold documents, a document counted once at its best chunk), and per passage for the long entity articles (context recall: the share of gold snippets inside the answer's context, i.e. the top 6 passages widened with their section neighbours as the server sends them, cut at the same character budget for every candidate). The winner has the best mean of the groups' recall (ties: MRR, then the current default).`,
      '',
    );
    out.push(chart('sweep', 'chunking sweep'), '', markdownTable(sweep.header, sweep.rows), '');
    out.push(`**Winner: \`maxChars ${results.sweep.winner.maxChars}\`, \`overlapChars ${results.sweep.winner.overlapChars}\`** (current \`DEFAULT_CHUNKING\`: ${results.sweep.current.maxChars} / ${results.sweep.current.overlapChars}).`, '');
    out.push(...sweepCaveats(results).map((line) => `- ${line}`), '');
  }

  const stages = stageRows(results);
  out.push('## Latency per stage', '', chart('stages', 'latency per stage'), '', markdownTable(stages.header, stages.rows), '');
  if (results.ingestion.length > 0) {
    out.push(
      '### Ingestion',
      '',
      'Through `ingestDocuments` (chunk → embed → store). On the persistent index, documents unchanged since an earlier run are skipped, and `embedded` counts the chunks the model actually embedded (the rest came from the vector cache); the ingestion throughput of the database itself is measured by `pnpm bench`.',
      '',
      markdownTable(
        ['tenant / source', 'documents', 'changed', 'chunks', 'written', 'embedded', 'seconds', 'written chunks/s'],
        results.ingestion.map((run) => [
          `${run.tenant} / ${run.source}`,
          String(run.documents),
          String(run.documentsChanged),
          String(run.chunks),
          String(run.chunksWritten),
          String(run.chunksEmbedded),
          run.seconds.toFixed(1),
          run.chunksPerSecond === null ? 'unchanged, skipped' : run.chunksPerSecond.toFixed(0),
        ]),
      ),
      '',
    );
  }
  out.push('## Definitions and notes', '', ...DEFINITIONS.map((line) => `- ${line}`), ...results.notes.map((note) => `- ${note}`), '');
  return out.join('\n');
}
