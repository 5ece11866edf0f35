/**
 * A small weighted logistic regression, fit by Newton's method (iteratively reweighted least
 * squares) with an L2 penalty on the weights (not the bias). Enough for a dozen signals and a few
 * thousand messages; deterministic, so a refit on the same data writes the same file.
 */
export interface LogisticSample {
  x: readonly number[];
  /** 1 = the positive class. */
  y: 0 | 1;
  /** Sample weight (default 1). */
  weight?: number;
}

export interface LogisticFit {
  bias: number;
  weights: number[];
  iterations: number;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Solves A·x = b (A square, symmetric positive definite here) by Gaussian elimination with partial pivoting. */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, index) => [...row, vector[index] as number]);
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let row = column + 1; row < n; row++) if (Math.abs((a[row] as number[])[column] as number) > Math.abs((a[pivot] as number[])[column] as number)) pivot = row;
    [a[column], a[pivot]] = [a[pivot] as number[], a[column] as number[]];
    const lead = (a[column] as number[])[column] as number;
    if (Math.abs(lead) < 1e-12) continue;
    for (let row = 0; row < n; row++) {
      if (row === column) continue;
      const factor = ((a[row] as number[])[column] as number) / lead;
      if (factor === 0) continue;
      for (let k = column; k <= n; k++) (a[row] as number[])[k] = ((a[row] as number[])[k] as number) - factor * ((a[column] as number[])[k] as number);
    }
  }
  return a.map((row, index) => {
    const lead = row[index] as number;
    return Math.abs(lead) < 1e-12 ? 0 : (row[n] as number) / lead;
  });
}

/**
 * Fits P(y = 1 | x) = σ(bias + w·x).
 *
 * @example
 * const { bias, weights } = fitLogistic(samples, { l2: 1 });
 */
export function fitLogistic(samples: readonly LogisticSample[], options: { l2?: number; maxIterations?: number } = {}): LogisticFit {
  const l2 = options.l2 ?? 1;
  const features = samples[0]?.x.length ?? 0;
  const size = features + 1;
  let theta = new Array<number>(size).fill(0);
  let iterations = 0;
  for (; iterations < (options.maxIterations ?? 50); iterations++) {
    const gradient = new Array<number>(size).fill(0);
    const hessian = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    for (const sample of samples) {
      const row = [1, ...sample.x];
      const weight = sample.weight ?? 1;
      const p = sigmoid(row.reduce((sum, value, index) => sum + value * (theta[index] as number), 0));
      const curvature = weight * Math.max(p * (1 - p), 1e-9);
      for (let i = 0; i < size; i++) {
        gradient[i] = (gradient[i] as number) + weight * (p - sample.y) * (row[i] as number);
        const hessianRow = hessian[i] as number[];
        for (let j = 0; j < size; j++) hessianRow[j] = (hessianRow[j] as number) + curvature * (row[i] as number) * (row[j] as number);
      }
    }
    for (let i = 1; i < size; i++) {
      gradient[i] = (gradient[i] as number) + l2 * (theta[i] as number);
      (hessian[i] as number[])[i] = ((hessian[i] as number[])[i] as number) + l2;
    }
    const step = solve(hessian, gradient);
    theta = theta.map((value, index) => value - (step[index] as number));
    if (Math.max(...step.map(Math.abs)) < 1e-8) {
      iterations += 1;
      break;
    }
  }
  return { bias: theta[0] as number, weights: theta.slice(1), iterations };
}

/** σ(bias + w·x) of a fit. */
export function predictLogistic(fit: Pick<LogisticFit, 'bias' | 'weights'>, x: readonly number[]): number {
  return sigmoid(x.reduce((sum, value, index) => sum + value * (fit.weights[index] ?? 0), fit.bias));
}
