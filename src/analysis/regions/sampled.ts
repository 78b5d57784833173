/**
 * Region counts by sampling, for nets whose exact enumeration is too big:
 * the activation pattern at many points along a line or on a grid. Every
 * distinct pattern seen is a region, so the count is a lower bound; regions
 * that hold no sample point (smaller than a grid cell, or thinner than the
 * spacing) are missed, and many patterns seen at a single point are the sign
 * that the sampling is too coarse.
 */
import type { Standardizer } from '../../data/standardize.js';
import type { Sequential } from '../../nn/sequential.js';
import type { RegionProgram } from './program.js';
import { type Domain2d, PLANE_DOMAIN, planeProgram } from './regions2d.js';
import { axes, checkInterval, slicedProgram } from './slice.js';

export interface SampledCount {
  /** Distinct activation patterns seen: a lower bound on the regions the samples cover. */
  patterns: number;
  /** Patterns seen at exactly one sample point. */
  seenOnce: number;
  samples: number;
  /** Grid: the cell size in (x, y); line: the spacing in s. */
  spacing: number[];
  lowerBound: true;
  note: string;
}

export interface LineCount extends SampledCount {
  /** 1 + the number of pattern changes between consecutive samples: a lower bound on the pieces along the segment. */
  pieces: number;
}

/**
 * The pattern of a restricted program at the point u, pre-activations
 * compared with the knots as the forward pass does.
 */
export function patternAt(program: RegionProgram, u: Float64Array): string {
  let h: Float64Array = u;
  const saved: Float64Array[] = [];
  let pattern = '';
  for (const op of program.ops) {
    if (op.kind === 'affine') {
      const y = new Float64Array(op.nOut);
      for (let i = 0; i < op.nOut; i++) {
        let s = op.b[i];
        for (let j = 0; j < op.nIn; j++) s += op.W[i * op.nIn + j] * h[j];
        y[i] = s;
      }
      h = y;
    } else if (op.kind === 'save') saved.push(h);
    else if (op.kind === 'addSaved') {
      const s = saved.pop() as Float64Array;
      h = h.map((v, i) => v + s[i]);
    } else {
      const { knots, slopes, offsets } = op.fn;
      const y = new Float64Array(op.n);
      if (pattern.length > 0) pattern += '|';
      for (let j = 0; j < op.n; j++) {
        let q = 0;
        while (q < knots.length && h[j] > knots[q]) q++;
        pattern += String.fromCharCode(48 + q);
        y[j] = slopes[q] * h[j] + offsets[q];
      }
      h = y;
    }
  }
  return pattern;
}

export interface GridOptions {
  /** Points per side (default 200). */
  readonly resolution?: number;
  readonly standardizer?: Standardizer;
  /** Sample the plane through these three inputs, domain in (s, t), instead of a 2-input model's own plane. */
  readonly plane?: readonly [readonly number[], readonly number[], readonly number[]];
}

/** Patterns at the centres of a resolution × resolution grid of cells over the domain. */
export function sampleRegionsOnGrid(
  model: Sequential,
  domain?: Domain2d,
  options: GridOptions = {},
): SampledCount {
  const n = options.resolution ?? 200;
  if (!(Number.isInteger(n) && n >= 1)) throw new Error(`resolution must be an integer ≥ 1, got ${n}`);
  let program: RegionProgram;
  if (options.plane) {
    const [A, B, C] = options.plane;
    program = planeProgram(model, A, B, C, options);
  } else {
    if (model.nIn !== 2)
      throw new Error(`a grid needs a model of 2 inputs or a plane; the model takes ${model.nIn}`);
    program = slicedProgram(model, [0, 0], axes(2), options.standardizer);
  }
  const d = domain ?? (options.plane ? PLANE_DOMAIN : { x: [-1, 1], y: [-1, 1] });
  checkInterval(d.x[0], d.x[1], 'the domain in x');
  checkInterval(d.y[0], d.y[1], 'the domain in y');
  const dx = (d.x[1] - d.x[0]) / n;
  const dy = (d.y[1] - d.y[0]) / n;
  const seen = new Map<string, number>();
  const u = new Float64Array(2);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      u[0] = d.x[0] + (i + 0.5) * dx;
      u[1] = d.y[0] + (j + 0.5) * dy;
      const p = patternAt(program, u);
      seen.set(p, (seen.get(p) ?? 0) + 1);
    }
  }
  return summary(seen, n * n, [dx, dy], 'a grid cell');
}

/** Patterns at `samples` evenly spaced points of x = a + s(b − a), s ∈ [0, 1]. */
export function sampleRegionsOnLine(
  model: Sequential,
  a: readonly number[],
  b: readonly number[],
  options: { readonly samples?: number; readonly standardizer?: Standardizer } = {},
): LineCount {
  const n = options.samples ?? 10_000;
  if (!(Number.isInteger(n) && n >= 2)) throw new Error(`samples must be an integer ≥ 2, got ${n}`);
  if (a.length !== b.length)
    throw new Error(`a and b must have the same length, got ${a.length} and ${b.length}`);
  const program = slicedProgram(model, a, [b.map((v, j) => v - a[j])], options.standardizer);
  const seen = new Map<string, number>();
  const u = new Float64Array(1);
  let pieces = 0;
  let last = '';
  for (let i = 0; i < n; i++) {
    u[0] = i / (n - 1);
    const p = patternAt(program, u);
    if (i === 0 || p !== last) pieces++;
    last = p;
    seen.set(p, (seen.get(p) ?? 0) + 1);
  }
  return { ...summary(seen, n, [1 / (n - 1)], 'the spacing'), pieces };
}

function summary(seen: Map<string, number>, samples: number, spacing: number[], unit: string): SampledCount {
  let seenOnce = 0;
  for (const c of seen.values()) if (c === 1) seenOnce++;
  return {
    patterns: seen.size,
    seenOnce,
    samples,
    spacing,
    lowerBound: true,
    note: `${seen.size} distinct activation patterns at ${samples} sample points: a lower bound, since a region smaller than ${unit} can hold no sample and be missed; ${seenOnce} pattern(s) were seen at one point only, and the more there are, the more regions are likely missed`,
  };
}
