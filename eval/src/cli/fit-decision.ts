/**
 * `pnpm --filter @threadline/eval fit-decision [--embedder local|hash] [--write]`: refits the offline
 * path's answerability model (knowledge/src/answer/decision/answerability-weights.json) on the dev
 * data and writes a report of where the decision errs (eval/results/decision-fit-<date>-<embedder>.md).
 *
 * Data: every hint3 dev message (each bot's intent articles as its knowledge) and every turn of the
 * dstc11 dialogues about the `--quick` subset's hotels and restaurants (their FAQs and review
 * sentences as the knowledge): each turn is decided against the knowledge its conversation is about,
 * at a size a 2-core machine indexes in minutes. Weights and cut are chosen on the tune half
 * (seed 17) only; the check half is reported beside them. Without `--write` nothing but the report
 * changes. `--from-records` refits on the decisions the last run recorded in the cache (after a
 * change to the fit, not to the signals).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadFitDecisionConfig, REPO_ROOT } from '../config.js';
import { dstc11Views, loadDstc11, quickDstc11Subset } from '../datasets/dstc11.js';
import { hint3Views, loadHint3 } from '../datasets/hint3.js';
import { collectDecisions, type DecisionRecord } from '../decision/collect-decisions.js';
import { fitAnswerability, FIT_L2 } from '../decision/fit-answerability.js';
import { renderFitReport } from '../decision/fit-report.js';
import { createProgressSink } from '../report/progress.js';
import { indexView } from '../runners/index-view.js';
import { openRunContext } from '../runners/open-context.js';

const WEIGHTS_FILE = resolve(REPO_ROOT, 'knowledge/src/answer/decision/answerability-weights.json');

const progress = createProgressSink();
try {
  const config = loadFitDecisionConfig();
  const dstc11 = loadDstc11(config.datasetsDir);
  const dstc = dstc11Views(dstc11, { tenantPrefix: 'eval-fit-', subset: { ...quickDstc11Subset(dstc11), route: 'dialogues' } });
  const hint3 = hint3Views(loadHint3(config.datasetsDir), { tenantPrefix: 'eval-fit-' });
  const recordsFile = join(config.cacheDir, `decision-records-${config.embedder}.json`);
  const { context, embedder, close } = await openRunContext(config, progress, []);
  try {
    let records: DecisionRecord[];
    if (config.isFromRecords) records = JSON.parse(readFileSync(recordsFile, 'utf8')) as DecisionRecord[];
    else {
      for (const view of [...hint3.retrieval, dstc.full]) {
        context.indexed.set(view.id, await indexView({ db: context.db, view, embedder, progress, done: context.ingested }));
      }
      records = [...(await collectDecisions(context, hint3.escalation)), ...(await collectDecisions(context, dstc.route))];
      mkdirSync(config.cacheDir, { recursive: true });
      writeFileSync(recordsFile, JSON.stringify(records, null, 1));
    }
    const fit = fitAnswerability(records);
    const description = `${hint3.escalation.description} (hint3, all dev rows); ${dstc.route.description} (dstc11, every turn of the dialogues about the quick subset's ${quickDstc11Subset(dstc11).entities.size} entities)`;
    const report = renderFitReport({ fit, records, date: config.date, embedder: embedder.model, description });
    if (!config.isDryRun) {
      mkdirSync(config.resultsDir, { recursive: true });
      const reportFile = join(config.resultsDir, `decision-fit-${config.date}-${config.embedder}.md`);
      writeFileSync(reportFile, report);
      progress.note(`wrote ${reportFile}`);
    }
    if (config.isWrite) {
      const file = {
        about:
          'Logistic model of P(the retrieved knowledge answers the message) over the decision signals (knowledge/src/answer/decision/decision-signals.ts); the offline path escalates below escalateBelow at the default confidence threshold. Refit with `pnpm --filter @threadline/eval fit-decision --write`.',
        fit: {
          date: config.date,
          embedder: embedder.model,
          data: description,
          split: `dev only; tune half by seed ${fit.seed} (weights and cut), check half reported`,
          l2: FIT_L2,
          classWeights: 'each view weighs the same in the fit',
          fittedOn: fit.fittedOn,
          cut: 'best escalation F1 of the worse view on the tune half',
          scores: Object.fromEntries(fit.scores.map((score) => [score.view, Object.fromEntries(Object.entries(score.after).map(([half, value]) => [half, { n: value.n, f1: round(value.f1) }]))])),
        },
        bias: fit.model.bias,
        weights: fit.model.weights,
        escalateBelow: fit.model.escalateBelow,
      };
      writeFileSync(WEIGHTS_FILE, `${JSON.stringify(file, null, 2)}\n`);
      progress.note(`wrote ${WEIGHTS_FILE}`);
    }
    process.stdout.write(report);
  } finally {
    await close();
  }
} catch (error) {
  const err = error as Error & { code?: string };
  process.stderr.write(`fit-decision failed: ${err.code ? `${err.code}: ` : ''}${err.message}\n`);
  if (!err.code) process.stderr.write(`${err.stack ?? ''}\n`);
  process.exitCode = 1;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
