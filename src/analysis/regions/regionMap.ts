/**
 * One call for a model's region map, whatever its input size: a 1-input
 * model over an interval, a 2-input model over a rectangle, or any model on
 * the plane through three inputs; with the count, the architecture's bounds
 * beside it and the decision boundary. The CLI and the demos print this.
 */
import type { Standardizer } from '../../data/standardize.js';
import type { Sequential } from '../../nn/sequential.js';
import { chainWidths } from './architecture.js';
import { decisionBoundary, type Segment } from './boundary.js';
import { type RegionBounds, regionBounds } from './bounds.js';
import type { RegionOptions } from './options.js';
import type { Piece1d } from './regions1d.js';
import { linearRegions1d } from './regions1d.js';
import { type Domain2d, PLANE_DOMAIN, planeProgram, type Region2d, regionsOfProgram } from './regions2d.js';
import { axes, slicedProgram } from './slice.js';

export interface RegionMapRequest extends RegionOptions {
  /** [lo, hi] for 1 input; [x0, x1, y0, y1] (or [lo, hi] for both) in 2D or on a plane (there in (s, t)). */
  readonly domain?: readonly number[];
  /** Three inputs A, B, C (in the model's input units): map x = A + s(B − A) + t(C − A). */
  readonly plane?: readonly [readonly number[], readonly number[], readonly number[]];
  /** The output level drawn as the decision boundary of a single output (default 0, a logit's). */
  readonly threshold?: number;
}

export interface RegionMap {
  /** What was mapped: an interval of 1 input, a rectangle of 2 inputs, or a plane through three inputs. */
  readonly kind: 'interval' | 'rectangle' | 'plane';
  readonly count: number;
  /** The architecture's bounds, all null unless the net is a chain of Linear + relu/leaky_relu layers. */
  readonly bounds: RegionBounds;
  /** The widths the bounds use, [inputs of the map, hidden…, outputs], or null. */
  readonly widths: number[] | null;
  /** [lo, hi] or [x0, x1, y0, y1]. */
  readonly domain: number[];
  readonly regions?: Region2d[];
  readonly boundary?: Segment[];
  readonly pieces?: Piece1d[];
  readonly breakpoints?: number[];
}

const NO_BOUNDS: RegionBounds = { zaslavsky: null, montufar: null, serra: null, naive: null };

export function regionMap(model: Sequential, request: RegionMapRequest = {}): RegionMap {
  const standardizer: Standardizer | undefined = request.standardizer;
  if (request.plane) {
    const [A, B, C] = request.plane;
    const program = planeProgram(model, A, B, C, request);
    const domain = rectangleOf(request.domain, PLANE_DOMAIN);
    return mapOf('plane', program, domain, request);
  }
  if (model.nIn === 1) {
    const d = request.domain ?? [-1, 1];
    if (d.length !== 2) throw new Error(`a model of 1 input needs a domain lo,hi; got ${d.length} numbers`);
    const { pieces, breakpoints } = linearRegions1d(model, d[0], d[1], request);
    const widths = chainWidths(slicedProgram(model, [0], [[1]], standardizer));
    return {
      kind: 'interval',
      count: pieces.length,
      bounds: widths ? regionBounds(widths) : NO_BOUNDS,
      widths,
      domain: [d[0], d[1]],
      pieces,
      breakpoints,
    };
  }
  if (model.nIn !== 2) {
    throw new Error(
      `a model of ${model.nIn} inputs has no 1D or 2D map of its own: give a plane through three inputs`,
    );
  }
  const program = slicedProgram(model, [0, 0], axes(2), standardizer);
  return mapOf('rectangle', program, rectangleOf(request.domain, { x: [-1, 1], y: [-1, 1] }), request);
}

function mapOf(
  kind: 'rectangle' | 'plane',
  program: ReturnType<typeof slicedProgram>,
  domain: Domain2d,
  request: RegionMapRequest,
): RegionMap {
  const { count, regions } = regionsOfProgram(program, domain, request);
  const widths = chainWidths(program);
  return {
    kind,
    count,
    bounds: widths ? regionBounds(widths) : NO_BOUNDS,
    widths,
    domain: [domain.x[0], domain.x[1], domain.y[0], domain.y[1]],
    regions,
    boundary: decisionBoundary(regions, request.threshold ?? 0),
  };
}

function rectangleOf(d: readonly number[] | undefined, fallback: Domain2d): Domain2d {
  if (d === undefined) return fallback;
  if (d.length === 2) return { x: [d[0], d[1]], y: [d[0], d[1]] };
  if (d.length === 4) return { x: [d[0], d[1]], y: [d[2], d[3]] };
  throw new Error(`a 2D domain is x0,x1,y0,y1 (or lo,hi for both axes); got ${d.length} numbers`);
}
