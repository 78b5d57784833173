/**
 * Every linear region of a model over a rectangle of a 2D input space or of
 * the plane through three inputs of a higher-dimensional model: polygons,
 * activation patterns and the affine map on each.
 */
import type { Sequential } from '../../nn/sequential.js';
import { enumerateRegions } from './enumerate.js';
import { DEFAULT_MAX_REGIONS, identityStart, type RegionOptions, resolveTolerance } from './options.js';
import { type Polygon, PolygonCutter, polygonInterior, rectangle } from './polygon.js';
import type { RegionProgram } from './program.js';
import { axes, checkInterval, slicedProgram } from './slice.js';

export interface Domain2d {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

export interface Region2d {
  /** Vertices in order, in the domain's coordinates. */
  polygon: [number, number][];
  /**
   * One character per unit of each piecewise activation layer, layers joined
   * by '|': the unit's piece, counted from the left (relu and leaky_relu: 0
   * for pre-activation ≤ 0, 1 above; hard_tanh and hard_sigmoid: 0, 1, 2).
   */
  pattern: string;
  /** A point strictly inside the polygon. */
  interior: [number, number];
  /** The net's output on the region is weight·(x, y) + bias: nOut rows of 2. */
  weight: number[][];
  bias: number[];
}

export interface Regions2d {
  count: number;
  regions: Region2d[];
}

/** Every linear region of a model of 2 inputs over the rectangle domain.x × domain.y (in the model's input units). */
export function linearRegions2d(model: Sequential, domain: Domain2d, options: RegionOptions = {}): Regions2d {
  if (model.nIn !== 2) {
    throw new Error(
      `linearRegions2d maps models of 2 inputs; ${model.describe()} takes ${model.nIn} (use linearRegionsOnPlane)`,
    );
  }
  return regionsOfProgram(slicedProgram(model, [0, 0], axes(2), options.standardizer), domain, options);
}

/** The default (s, t) domain of a plane: the triangle A, B, C with a margin of half its sides. */
export const PLANE_DOMAIN: Domain2d = { x: [-0.5, 1.5], y: [-0.5, 1.5] };

/**
 * Every linear region on the plane x = A + s(B − A) + t(C − A) through three
 * inputs of any model, over (s, t) ∈ domain: A is (0, 0), B (1, 0), C (0, 1).
 */
export function linearRegionsOnPlane(
  model: Sequential,
  A: readonly number[],
  B: readonly number[],
  C: readonly number[],
  domain: Domain2d = PLANE_DOMAIN,
  options: RegionOptions = {},
): Regions2d {
  return regionsOfProgram(planeProgram(model, A, B, C, options), domain, options);
}

/** The region count alone, without keeping the polygons (what a benchmark or a sweep needs). */
export function countLinearRegions2d(
  model: Sequential,
  domain: Domain2d,
  options: RegionOptions = {},
): number {
  if (model.nIn !== 2) throw new Error(`countLinearRegions2d counts models of 2 inputs; got ${model.nIn}`);
  const program = slicedProgram(model, [0, 0], axes(2), options.standardizer);
  const { root, cutter } = setup(domain, options);
  return enumerateRegions(
    program,
    cutter,
    identityStart(2),
    root,
    () => {},
    options.maxRegions ?? DEFAULT_MAX_REGIONS,
  );
}

export function planeProgram(
  model: Sequential,
  A: readonly number[],
  B: readonly number[],
  C: readonly number[],
  options: RegionOptions = {},
): RegionProgram {
  if (B.length !== A.length || C.length !== A.length) {
    throw new Error(`A, B and C must have the same length, got ${A.length}, ${B.length} and ${C.length}`);
  }
  const u = B.map((b, j) => b - A[j]);
  const v = C.map((c, j) => c - A[j]);
  return slicedProgram(model, A, [u, v], options.standardizer);
}

/** The regions of a program of 2 inputs over a rectangle. */
export function regionsOfProgram(
  program: RegionProgram,
  domain: Domain2d,
  options: RegionOptions,
): Regions2d {
  const { root, cutter } = setup(domain, options);
  const regions: Region2d[] = [];
  const K = 3;
  const count = enumerateRegions(
    program,
    cutter,
    identityStart(2),
    root,
    (cell: Polygon, out, pattern) => {
      const polygon: [number, number][] = [];
      for (let i = 0; i < cell.length; i += 2) polygon.push([cell[i], cell[i + 1]]);
      const weight: number[][] = [];
      const bias: number[] = [];
      for (let o = 0; o < program.nOut; o++) {
        weight.push([out[o * K], out[o * K + 1]]);
        bias.push(out[o * K + 2]);
      }
      regions.push({ polygon, pattern, interior: polygonInterior(cell), weight, bias });
    },
    options.maxRegions ?? DEFAULT_MAX_REGIONS,
  );
  return { count, regions };
}

function setup(domain: Domain2d, options: RegionOptions): { root: Polygon; cutter: PolygonCutter } {
  const [x0, x1] = domain.x;
  const [y0, y1] = domain.y;
  checkInterval(x0, x1, 'the domain in x');
  checkInterval(y0, y1, 'the domain in y');
  const cutter = new PolygonCutter(resolveTolerance(options, Math.hypot(x1 - x0, y1 - y0)));
  return { root: rectangle(x0, x1, y0, y1), cutter };
}
