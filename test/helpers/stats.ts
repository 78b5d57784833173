/**
 * Sample statistics with tolerances derived from their standard errors, for
 * checking random draws against the distribution they should follow.
 */
import assert from 'node:assert/strict';

export interface Moments {
  readonly n: number;
  readonly mean: number;
  /** Biased (1/n) sample variance. */
  readonly variance: number;
  readonly min: number;
  readonly max: number;
}

export function moments(a: ArrayLike<number>): Moments {
  const n = a.length;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    sum += a[i];
    if (a[i] < min) min = a[i];
    if (a[i] > max) max = a[i];
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (a[i] - mean) * (a[i] - mean);
  return { n, mean, variance: ss / n, min, max };
}

/** Kurtosis E[(X−μ)⁴]/σ⁴ of common distributions (3 normal, 9/5 uniform). */
export const KURTOSIS = { normal: 3, uniform: 9 / 5 } as const;

export interface Expected {
  readonly mean: number;
  readonly variance: number;
  /** E[(X−μ)⁴]/σ⁴ of the distribution; sets the standard error of the sample variance. */
  readonly kurtosis: number;
}

/**
 * Asserts the sample mean and variance lie within `sigmas` standard errors:
 *   SE(mean) = σ/√n,   SE(variance) ≈ σ²·√((κ − 1)/n).
 */
export function assertMoments(a: ArrayLike<number>, expected: Expected, label: string, sigmas = 5): Moments {
  const m = moments(a);
  const seMean = Math.sqrt(expected.variance / m.n);
  const seVar = expected.variance * Math.sqrt((expected.kurtosis - 1) / m.n);
  assert.ok(
    Math.abs(m.mean - expected.mean) <= sigmas * seMean,
    `${label}: mean ${m.mean} is more than ${sigmas} standard errors (${seMean}) from ${expected.mean}`,
  );
  assert.ok(
    Math.abs(m.variance - expected.variance) <= sigmas * seVar,
    `${label}: variance ${m.variance} is more than ${sigmas} standard errors (${seVar}) from ${expected.variance}`,
  );
  return m;
}

/** Variance of U(low, high). */
export function uniformVariance(low: number, high: number): number {
  return ((high - low) * (high - low)) / 12;
}
