import { SIGNAL_NAMES } from '@threadline/knowledge/answer';
import type { CutScore } from '../metrics/calibration.js';
import type { DecisionRecord } from './collect-decisions.js';
import { decide, probabilityOf, type AnswerabilityFit } from './fit-answerability.js';

type Cell = 'TP' | 'FP' | 'FN' | 'TN';
const CELLS: readonly Cell[] = ['TP', 'FN', 'FP', 'TN'];

function cellOf(predicted: boolean, gold: boolean): Cell {
  if (predicted) return gold ? 'TP' : 'FP';
  return gold ? 'FN' : 'TN';
}

const pct = (value: number): string => `${(value * 100).toFixed(1)}%`;
const row = (cells: ReadonlyArray<string | number>): string => `| ${cells.join(' | ')} |`;
const scoreCells = (score: CutScore & { n: number }): string[] => [String(score.n), pct(score.precision), pct(score.recall), pct(score.f1)];

function clip(text: string, max = 90): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return (flat.length > max ? `${flat.slice(0, max - 1)}…` : flat).replace(/\|/g, '\\|');
}

/**
 * Where the decision errs, per view: the confusion split by what decided (a forcing rule or the
 * answerability), the mean signals of each confusion cell, and examples of each kind of error.
 */
function errorsOf(fit: AnswerabilityFit, records: readonly DecisionRecord[]): string[] {
  const lines: string[] = [];
  const cut = fit.model.escalateBelow;
  for (const view of [...new Set(records.map((record) => record.view))]) {
    const mine = records.filter((record) => record.view === view);
    const cells = mine.map((record) => ({ record, cell: cellOf(decide(fit.model, record, cut), record.gold), p: probabilityOf(fit.model, record) }));
    lines.push(`### ${view}: where the decision errs (all dev, refit model at ${cut.toFixed(2)})`, '');
    lines.push('TP = escalate-gold escalated, FN = escalate-gold answered, FP = answerable escalated, TN = answerable answered.', '');
    lines.push(row(['decided by', ...CELLS]), row(['---', ...CELLS.map(() => '---:')]));
    const reasons = [...new Set(cells.map(({ record }) => record.forcedBy ?? 'answerability'))].sort();
    for (const reason of reasons) {
      const inReason = cells.filter(({ record }) => (record.forcedBy ?? 'answerability') === reason);
      lines.push(row([reason, ...CELLS.map((cell) => inReason.filter((entry) => entry.cell === cell).length)]));
    }
    lines.push('', 'Mean signals of the messages the answerability decided:', '');
    lines.push(row(['signal', ...CELLS]), row(['---', ...CELLS.map(() => '---:')]));
    const decided = cells.filter(({ record }) => record.signals);
    for (const name of [...SIGNAL_NAMES, 'answerability'] as const) {
      lines.push(
        row([
          name,
          ...CELLS.map((cell) => {
            const values = decided.filter((entry) => entry.cell === cell).map((entry) => (name === 'answerability' ? entry.p ?? 0 : entry.record.signals?.[name] ?? 0));
            return values.length === 0 ? '–' : (values.reduce((sum, value) => sum + value, 0) / values.length).toFixed(3);
          }),
        ]),
      );
    }
    for (const [cell, title] of [
      ['FN', 'Escalate-gold messages answered'],
      ['FP', 'Answerable messages escalated'],
    ] as const) {
      const wrong = cells.filter((entry) => entry.cell === cell);
      lines.push('', `${title} (${wrong.length}; the first 12 by id):`, '');
      lines.push(row(['id', 'message', 'decided by', 'p', 'top', 'margin', 'cover', 'known']), row(['---', '---', '---', '---:', '---:', '---:', '---:', '---:']));
      for (const { record, p } of wrong.slice(0, 12)) {
        const signals = record.signals;
        lines.push(
          row([
            record.id,
            clip(record.message),
            record.forcedBy ?? 'answerability',
            p === undefined ? '–' : p.toFixed(2),
            signals ? signals.topScore.toFixed(2) : '–',
            signals ? signals.margin.toFixed(2) : '–',
            signals ? signals.coverage.toFixed(2) : '–',
            signals ? signals.knownShare.toFixed(2) : '–',
          ]),
        );
      }
    }
    lines.push('');
  }
  return lines;
}

/** The fit's report: how it was fit, the weights, escalation F1 before and after on both halves, and where it errs. */
export function renderFitReport(input: { fit: AnswerabilityFit; records: readonly DecisionRecord[]; date: string; embedder: string; description: string }): string {
  const { fit } = input;
  const lines = [
    `# Answerability fit — ${input.date}`,
    '',
    `- embedder: \`${input.embedder}\``,
    `- data: ${input.description}`,
    `- split: the dev data only (the datasets' holdout parts are not shared), halved by a fixed seed (${fit.seed}); the weights and the cut are chosen on the tune half, the check half is the figure that is not in-sample.`,
    `- fitted on: ${Object.entries(fit.fittedOn)
      .map(([view, counts]) => `${view} ${counts.messages} messages (${counts.answerable} answerable)`)
      .join('; ')}; messages a rule escalates (person asked for, no knowledge needed, nothing relevant, blocked topic) are not in the fit.`,
    `- cut: escalate below answerability ${fit.model.escalateBelow.toFixed(2)} (the best escalation F1 of the worse view on the tune half).`,
    '',
    '## Weights',
    '',
    row(['signal', 'weight']),
    row(['---', '---:']),
    row(['(bias)', fit.model.bias.toFixed(3)]),
    ...Object.entries(fit.model.weights).map(([name, weight]) => row([name, weight.toFixed(3)])),
    '',
    '## Escalation before (forcing rules, then offline confidence below 0.6) and after (forcing rules, then the refit answerability)',
    '',
    row(['view', 'half', 'n', 'P before', 'R before', 'F1 before', 'P after', 'R after', 'F1 after']),
    row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  for (const score of fit.scores) {
    for (const half of ['tune', 'check', 'all'] as const) {
      const before = scoreCells(score.before[half]);
      const after = scoreCells(score.after[half]);
      lines.push(row([score.view, half, before[0] as string, ...before.slice(1), ...after.slice(1)]));
    }
  }
  if (fit.perTenant.length > 0) {
    lines.push(
      '',
      '## Each tenant at its own threshold',
      '',
      'A tenant sets its confidence threshold (policy), which moves the engine\'s cut; here each tenant\'s cut is the best escalation F1 on its own tune half (weights unchanged), scored on the check half.',
      '',
      row(['view', 'tenant', 'cut', 'policy threshold']),
      row(['---', '---', '---:', '---:']),
      ...fit.tenantCuts.map((entry) => row([entry.view, entry.tenant, entry.cut.toFixed(2), entry.threshold.toFixed(2)])),
      '',
      row(['view', 'half', 'n', 'P', 'R', 'F1']),
      row(['---', '---', '---:', '---:', '---:', '---:']),
    );
    for (const score of fit.perTenant) for (const half of ['tune', 'check', 'all'] as const) lines.push(row([score.view, half, ...scoreCells(score[half])]));
  }
  lines.push('', '## Errors', '', ...errorsOf(fit, input.records));
  return `${lines.join('\n')}\n`;
}
