import { describe, expect, it } from 'vitest';
import { fitLogistic, predictLogistic, type LogisticSample } from './logistic.js';

/** Samples from P(y = 1 | x) = σ(-1 + 3·x₀ − 2·x₁), x on a grid, labels as expected counts. */
function gridSamples(): LogisticSample[] {
  const samples: LogisticSample[] = [];
  for (let a = 0; a <= 10; a++) {
    for (let b = 0; b <= 10; b++) {
      const x = [a / 10, b / 10];
      const p = 1 / (1 + Math.exp(-(-1 + 3 * (x[0] as number) - 2 * (x[1] as number))));
      samples.push({ x, y: 1, weight: p }, { x, y: 0, weight: 1 - p });
    }
  }
  return samples;
}

describe('logistic fit', () => {
  it('recovers the weights that generated the labels', () => {
    const fit = fitLogistic(gridSamples(), { l2: 0 });
    expect(fit.bias).toBeCloseTo(-1, 3);
    expect(fit.weights[0]).toBeCloseTo(3, 3);
    expect(fit.weights[1]).toBeCloseTo(-2, 3);
    expect(predictLogistic(fit, [1, 0])).toBeCloseTo(1 / (1 + Math.exp(-2)), 3);
  });

  it('shrinks the weights towards zero under an L2 penalty, not the bias', () => {
    const free = fitLogistic(gridSamples(), { l2: 0 });
    const penalised = fitLogistic(gridSamples(), { l2: 50 });
    expect(Math.abs(penalised.weights[0] as number)).toBeLessThan(Math.abs(free.weights[0] as number));
    expect(Math.abs(penalised.weights[1] as number)).toBeLessThan(Math.abs(free.weights[1] as number));
  });

  it('stays finite when a signal separates the classes perfectly', () => {
    const samples: LogisticSample[] = [0, 0.1, 0.2, 0.8, 0.9, 1].map((value) => ({ x: [value], y: value > 0.5 ? 1 : 0 }));
    const fit = fitLogistic(samples, { l2: 1 });
    expect(Number.isFinite(fit.weights[0])).toBe(true);
    expect(predictLogistic(fit, [1])).toBeGreaterThan(0.5);
    expect(predictLogistic(fit, [0])).toBeLessThan(0.5);
  });
});
