/**
 * Exact enumeration of a piecewise-linear program's activation regions over
 * a convex cell of a k-dimensional slice of input space (k = 1: a segment,
 * k = 2: a polygon), SplineCam's idea in plain float64: walk the program
 * layer by layer; at a piecewise activation every unit's pre-activation is
 * affine on the cell, so cutting the cell at each knot of each unit leaves
 * convex pieces on which the whole layer is affine; carry on with each piece.
 *
 * The traversal is depth first, so besides the regions it reports, memory
 * holds only the pieces of the layers on the current path.
 */
import type { RegionOp, RegionProgram } from './program.js';

/**
 * How one kind of cell is cut. An affine function of the cell's points is
 * given as maps[off..off+k] (coefficients) and maps[off+k] (constant).
 */
export interface CellGeometry<C> {
  /** Dimension of the slice. */
  readonly k: number;
  /**
   * Cuts cell along {f = knot}; sets `below` (f ≤ knot side) and `above`
   * (f > knot side), either null when the cell lies on the other side.
   * A cut that would leave a piece within the geometry's tolerance of the
   * line is not made: that sliver stays with the other piece.
   */
  split(cell: C, maps: Float64Array, off: number, knot: number): void;
  below: C | null;
  above: C | null;
}

/** A region reached at the end of the program. */
export type LeafVisitor<C> = (cell: C, output: Float64Array, pattern: string) => void;

/** Thrown when a count passes the caller's limit; the message points to sampled counts. */
export class RegionLimitError extends Error {
  constructor(readonly limit: number) {
    super(
      `more than ${limit} linear regions: too many to enumerate exactly; raise maxRegions or use a sampled count (sampleRegionsOnGrid, sampleRegionsOnLine)`,
    );
    this.name = 'RegionLimitError';
  }
}

interface Saved {
  readonly maps: Float64Array;
  readonly next: Saved | null;
}

interface Piece<C> {
  cell: C;
  states: Uint8Array;
}

/**
 * Visits every region of the program on `root`. `start` gives the network's
 * input as an affine function of the slice coordinates: nIn rows of k + 1
 * numbers. Returns the number of regions.
 */
export function enumerateRegions<C>(
  program: RegionProgram,
  geometry: CellGeometry<C>,
  start: Float64Array,
  root: C,
  onLeaf: LeafVisitor<C>,
  maxRegions = Number.POSITIVE_INFINITY,
): number {
  const K = geometry.k + 1;
  if (start.length !== program.nIn * K)
    throw new Error(`the slice map needs ${program.nIn} rows of ${K} numbers, got ${start.length} numbers`);
  const { ops } = program;
  let count = 0;

  const visit = (cell: C, maps: Float64Array, saved: Saved | null, pc: number, pattern: string): void => {
    for (; pc < ops.length; pc++) {
      const op = ops[pc];
      if (op.kind === 'affine') maps = composeAffine(op, maps, K);
      else if (op.kind === 'save') saved = { maps, next: saved };
      else if (op.kind === 'addSaved') {
        const s = saved as Saved;
        const sum = new Float64Array(maps.length);
        for (let i = 0; i < sum.length; i++) sum[i] = maps[i] + s.maps[i];
        maps = sum;
        saved = s.next;
      } else {
        const pieces = splitLayer(op, cell, maps, K, geometry);
        const sep = pattern.length > 0 ? `${pattern}|` : '';
        for (const piece of pieces) {
          visit(
            piece.cell,
            applyPieces(op, maps, piece.states, K),
            saved,
            pc + 1,
            sep + stateString(piece.states),
          );
        }
        return;
      }
    }
    count++;
    if (count > maxRegions) throw new RegionLimitError(maxRegions);
    onLeaf(cell, maps, pattern);
  };
  visit(root, start, null, 0, '');
  return count;
}

/** Rows of `maps` (affine functions of the slice) through y = W x + b. */
function composeAffine(
  op: Extract<RegionOp, { kind: 'affine' }>,
  maps: Float64Array,
  K: number,
): Float64Array {
  const { nIn, nOut, W, b } = op;
  const out = new Float64Array(nOut * K);
  for (let i = 0; i < nOut; i++) {
    const o = i * K;
    out[o + K - 1] = b[i];
    for (let j = 0; j < nIn; j++) {
      const w = W[i * nIn + j];
      if (w === 0) continue;
      const m = j * K;
      for (let c = 0; c < K; c++) out[o + c] += w * maps[m + c];
    }
  }
  return out;
}

/** Cuts the cell at every knot of every unit of one activation layer. */
function splitLayer<C>(
  op: Extract<RegionOp, { kind: 'activation' }>,
  cell: C,
  maps: Float64Array,
  K: number,
  geometry: CellGeometry<C>,
): Piece<C>[] {
  const { n, fn } = op;
  const knots = fn.knots;
  let pieces: Piece<C>[] = [{ cell, states: new Uint8Array(n) }];
  for (let j = 0; j < n; j++) {
    const off = j * K;
    const next: Piece<C>[] = [];
    for (const piece of pieces) {
      let rest: C | null = piece.cell;
      let states: Uint8Array | null = piece.states;
      // Knots ascend: what lies above knot q is cut again at knot q + 1.
      for (let q = 0; q < knots.length && rest !== null; q++) {
        geometry.split(rest, maps, off, knots[q]);
        const { below, above } = geometry;
        if (below !== null) {
          const s: Uint8Array = states ?? piece.states.slice();
          states = null;
          s[j] = q;
          next.push({ cell: below, states: s });
        }
        rest = above;
      }
      if (rest !== null) {
        const s = states ?? piece.states.slice();
        s[j] = knots.length;
        next.push({ cell: rest, states: s });
      }
    }
    pieces = next;
  }
  return pieces;
}

/** The layer's output on a piece: unit j in state s gives slopes[s]·pre + offsets[s]. */
function applyPieces(
  op: Extract<RegionOp, { kind: 'activation' }>,
  maps: Float64Array,
  states: Uint8Array,
  K: number,
): Float64Array {
  const out = new Float64Array(op.n * K);
  const { slopes, offsets } = op.fn;
  for (let j = 0; j < op.n; j++) {
    const s = states[j];
    const a = slopes[s];
    const o = j * K;
    if (a !== 0) for (let c = 0; c < K; c++) out[o + c] = a * maps[o + c];
    out[o + K - 1] += offsets[s];
  }
  return out;
}

function stateString(states: Uint8Array): string {
  let s = '';
  for (let j = 0; j < states.length; j++) s += String.fromCharCode(48 + states[j]);
  return s;
}
