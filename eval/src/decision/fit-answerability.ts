import { FEATURE_NAMES, modelFeatures, type AnswerabilityModel, type DecisionSignals } from '@threadline/knowledge/answer';
import { scorePairs, splitHalves, SPLIT_SEED, type CutScore } from '../metrics/calibration.js';
import type { DecisionRecord } from './collect-decisions.js';
import { fitLogistic, predictLogistic } from './logistic.js';

/** L2 penalty of the fit: enough to keep a signal that separates a few messages perfectly from running off. */
export const FIT_L2 = 0.1;

/**
 * The rule before the answerability model: escalate when a rule forces it or the offline
 * confidence is below 0.6 (the cut the what-if tables chose for it at the default threshold).
 */
export const CONFIDENCE_CUT_BEFORE = 0.6;

/** Cuts tried: 0.01 … 0.99. */
const CUTS = Array.from({ length: 99 }, (_, index) => (index + 1) / 100);

export function signalVector(signals: DecisionSignals): number[] {
  return modelFeatures(signals);
}

/** The probability a model gives a record, or undefined when a rule decides it. */
export function probabilityOf(model: Pick<AnswerabilityModel, 'bias' | 'weights'>, record: DecisionRecord): number | undefined {
  if (record.forcedBy || !record.signals) return undefined;
  return predictLogistic({ bias: model.bias, weights: FEATURE_NAMES.map((name) => model.weights[name] ?? 0) }, signalVector(record.signals));
}

/** "Escalate when a rule forces it or the answerability is below the cut." */
export function decide(model: Pick<AnswerabilityModel, 'bias' | 'weights'>, record: DecisionRecord, cut: number): boolean {
  const p = probabilityOf(model, record);
  return p === undefined ? Boolean(record.forcedBy) : p < cut;
}

function score(records: readonly DecisionRecord[], predict: (record: DecisionRecord) => boolean): CutScore & { n: number } {
  return { n: records.length, ...scorePairs(records.map((record) => ({ predicted: predict(record), gold: record.gold }))) };
}

function byView(records: readonly DecisionRecord[]): Map<string, DecisionRecord[]> {
  const views = new Map<string, DecisionRecord[]>();
  for (const record of records) views.set(record.view, [...(views.get(record.view) ?? []), record]);
  return views;
}

/**
 * The worst view's escalation F1: each dataset has its own goal, so the cut serves the one it
 * serves least (the mean let the larger gain on one hide a loss on the other).
 */
function worstF1(records: readonly DecisionRecord[], predict: (record: DecisionRecord) => boolean): number {
  const views = [...byView(records).values()];
  return views.length === 0 ? 0 : Math.min(...views.map((part) => score(part, predict).f1));
}

export interface ViewFitScores {
  view: string;
  /** The rule before the model (confidence below 0.6), on the tune half, the check half and all of dev. */
  before: { tune: CutScore & { n: number }; check: CutScore & { n: number }; all: CutScore & { n: number } };
  /** The refit model at the chosen cut. */
  after: { tune: CutScore & { n: number }; check: CutScore & { n: number }; all: CutScore & { n: number } };
}

/**
 * One tenant's own cut: the tenant's confidence threshold (a policy setting) moves the engine's cut
 * (`escalateBelow` scales with it), so a tenant whose knowledge and traffic score differently sets
 * its threshold on its own past messages. Chosen on the tenant's tune half only.
 */
export interface TenantCut {
  view: string;
  tenant: string;
  cut: number;
  /** The policy confidence threshold that puts the engine's cut there. */
  threshold: number;
}

export interface AnswerabilityFit {
  model: AnswerabilityModel;
  seed: number;
  /** Per-tenant cuts (tune half) and each view's F1 with them, where a view has more than one tenant. */
  tenantCuts: TenantCut[];
  perTenant: Array<{ view: string; tune: CutScore & { n: number }; check: CutScore & { n: number }; all: CutScore & { n: number } }>;
  /** Messages the fit saw (tune half, not forced by a rule), per view. */
  fittedOn: Record<string, { messages: number; answerable: number }>;
  scores: ViewFitScores[];
}

/**
 * Fits the answerability model on the tune half of the dev records (seed 17), each view weighted
 * equally, the positive class "answerable" (gold: no person needed); chooses the cut with the best
 * worst-view escalation F1 on the tune half; scores before and after on both halves.
 */
export function fitAnswerability(records: readonly DecisionRecord[], options: { seed?: number; l2?: number } = {}): AnswerabilityFit {
  const seed = options.seed ?? SPLIT_SEED;
  const { tune, check } = splitHalves(records, seed);
  const learnable = tune.filter((record) => !record.forcedBy && record.signals);
  const perView = byView(learnable);
  const samples = learnable.map((record) => ({
    x: signalVector(record.signals as DecisionSignals),
    y: record.gold ? (0 as const) : (1 as const),
    // Each view carries the same total weight, spread over its messages, and the total is the sample count.
    weight: learnable.length / (perView.size * (perView.get(record.view)?.length ?? 1)),
  }));
  const fit = fitLogistic(samples, { l2: options.l2 ?? FIT_L2 });
  const weights = Object.fromEntries(FEATURE_NAMES.map((name, index) => [name, round(fit.weights[index] ?? 0)]));
  const candidate = { bias: round(fit.bias), weights };
  let best = { cut: 0.5, f1: -1 };
  for (const cut of CUTS) {
    const f1 = worstF1(tune, (record) => decide(candidate, record, cut));
    if (f1 > best.f1) best = { cut, f1 };
  }
  const model: AnswerabilityModel = { ...candidate, escalateBelow: best.cut };
  const halves = { tune, check, all: records };
  const scores = [...byView(records).keys()].map((view) => {
    const of = (part: readonly DecisionRecord[]) => part.filter((record) => record.view === view);
    const side = (predict: (record: DecisionRecord) => boolean) => ({
      tune: score(of(halves.tune), predict),
      check: score(of(halves.check), predict),
      all: score(of(halves.all), predict),
    });
    return { view, before: side((record) => Boolean(record.forcedBy) || record.confidence < CONFIDENCE_CUT_BEFORE), after: side((record) => decide(model, record, model.escalateBelow)) };
  });
  const { tenantCuts, perTenant } = cutPerTenant(model, halves);
  const fittedOn = Object.fromEntries([...perView].map(([view, part]) => [view, { messages: part.length, answerable: part.filter((record) => !record.gold).length }]));
  return { model, seed, fittedOn, scores, tenantCuts, perTenant };
}

/** The threshold the policy sets at default (the engine's cut is `escalateBelow` there and scales with it). */
const DEFAULT_THRESHOLD = 0.7;

const tenantOf = (record: DecisionRecord): string => record.tenant ?? record.view;

/**
 * Each tenant's best cut on its tune half, among the cuts a policy threshold of at most 1 reaches,
 * and each view's F1 when every tenant escalates below its own cut.
 */
function cutPerTenant(model: AnswerabilityModel, halves: Record<'tune' | 'check' | 'all', readonly DecisionRecord[]>): Pick<AnswerabilityFit, 'tenantCuts' | 'perTenant'> {
  const reachable = CUTS.filter((cut) => cut <= model.escalateBelow / DEFAULT_THRESHOLD);
  const tenantCuts: TenantCut[] = [];
  const perTenant: AnswerabilityFit['perTenant'] = [];
  for (const view of new Set(halves.all.map((record) => record.view))) {
    const tenants = [...new Set(halves.all.filter((record) => record.view === view).map(tenantOf))].sort();
    if (tenants.length < 2) continue;
    const cutOf = new Map<string, number>();
    for (const tenant of tenants) {
      const tune = halves.tune.filter((record) => record.view === view && tenantOf(record) === tenant);
      let best = { cut: model.escalateBelow, f1: -1 };
      for (const cut of reachable) {
        const { f1 } = score(tune, (record) => decide(model, record, cut));
        if (f1 > best.f1) best = { cut, f1 };
      }
      cutOf.set(tenant, best.cut);
      tenantCuts.push({ view, tenant, cut: best.cut, threshold: round((best.cut * DEFAULT_THRESHOLD) / model.escalateBelow) });
    }
    const predict = (record: DecisionRecord) => decide(model, record, cutOf.get(tenantOf(record)) ?? model.escalateBelow);
    const of = (part: readonly DecisionRecord[]) => score(part.filter((record) => record.view === view), predict);
    perTenant.push({ view, tune: of(halves.tune), check: of(halves.check), all: of(halves.all) });
  }
  return { tenantCuts, perTenant };
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
