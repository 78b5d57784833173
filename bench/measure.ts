/**
 * Timing: warm-up, then repeats of a calibrated number of iterations, median
 * per-iteration time. No forced GC between repeats: a library that allocates
 * per step pays for its garbage collection, as it would in real use.
 */

export interface MeasureOptions {
  /** Warm-up runs until both limits are met (TF.js needs dozens of steps before it is steady)… */
  readonly warmupMs: number;
  readonly warmupIters: number;
  /** …or until this much time has passed (slow peers). */
  readonly warmupMaxMs: number;
  readonly repeats: number;
  /** Each repeat runs enough iterations to last about this long. */
  readonly repeatMs: number;
  /** Stop after this much measuring once minRepeats are done (slow peers). */
  readonly budgetMs: number;
  readonly minRepeats: number;
}

export const defaultMeasure: MeasureOptions = {
  warmupMs: 600,
  warmupIters: 50,
  warmupMaxMs: 8000,
  repeats: 7,
  repeatMs: 300,
  budgetMs: 6000,
  minRepeats: 3,
};

export const quickMeasure: MeasureOptions = {
  warmupMs: 600,
  warmupIters: 50,
  warmupMaxMs: 2000,
  repeats: 3,
  repeatMs: 60,
  budgetMs: 1000,
  minRepeats: 2,
};

export interface Timing {
  /** Median milliseconds per iteration. */
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Per-iteration ms of each repeat. */
  readonly samples: readonly number[];
  readonly itersPerRepeat: number;
  readonly warmupIters: number;
}

export const now = (): number => performance.now();

/** Times fn(i), i counting up across warm-up and repeats (so steps can cycle through batches). */
export function measure(fn: (i: number) => void, o: MeasureOptions): Timing {
  let i = 0;
  const w0 = now();
  let warm = 0;
  while ((warm < o.warmupIters || now() - w0 < o.warmupMs) && (warm < 1 || now() - w0 < o.warmupMaxMs)) {
    fn(i++);
    warm++;
  }
  const perIterEstimate = (now() - w0) / warm;
  const n = Math.max(1, Math.round(o.repeatMs / Math.max(perIterEstimate, 1e-6)));
  const samples: number[] = [];
  const m0 = now();
  for (let r = 0; r < o.repeats; r++) {
    const t0 = now();
    for (let k = 0; k < n; k++) fn(i++);
    samples.push((now() - t0) / n);
    if (r + 1 >= o.minRepeats && now() - m0 > o.budgetMs) break;
  }
  return {
    medianMs: median(samples),
    minMs: Math.min(...samples),
    maxMs: Math.max(...samples),
    samples,
    itersPerRepeat: n,
    warmupIters: warm,
  };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
