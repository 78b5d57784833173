/**
 * Convex polygons as flat arrays [x0, y0, x1, y1, …] (counter-clockwise or
 * not, the cut does not care) and the cut of one by a line, with a distance
 * tolerance so that cuts through a vertex or along an edge never leave
 * zero-area pieces.
 */
import type { CellGeometry } from './enumerate.js';

export type Polygon = Float64Array;

export function rectangle(x0: number, x1: number, y0: number, y1: number): Polygon {
  return Float64Array.of(x0, y0, x1, y0, x1, y1, x0, y1);
}

/** Shoelace area, always positive. */
export function polygonArea(p: Polygon): number {
  let s = 0;
  const n = p.length / 2;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    s += p[2 * i] * p[2 * j + 1] - p[2 * j] * p[2 * i + 1];
  }
  return Math.abs(s) / 2;
}

/** The vertex average: inside a convex polygon of positive area. */
export function polygonInterior(p: Polygon): [number, number] {
  const n = p.length / 2;
  let x = 0;
  let y = 0;
  for (let i = 0; i < n; i++) {
    x += p[2 * i];
    y += p[2 * i + 1];
  }
  return [x / n, y / n];
}

/**
 * Cuts polygons along lines a·(x, y) + c = knot. A vertex closer to the line
 * than `tolerance` (in the polygon's units) counts as on it and goes to both
 * pieces, so a piece is only made when some vertex lies farther than
 * `tolerance` from the line on its side: cuts through a vertex, along an
 * edge, through the same line twice (duplicate units) or through a common
 * point (concurrent lines) leave no empty or doubled pieces, and slivers
 * thinner than `tolerance` stay with their neighbour.
 */
export class PolygonCutter implements CellGeometry<Polygon> {
  readonly k = 2;
  below: Polygon | null = null;
  above: Polygon | null = null;
  private values = new Float64Array(64);

  constructor(readonly tolerance: number) {}

  split(p: Polygon, maps: Float64Array, off: number, knot: number): void {
    const a0 = maps[off];
    const a1 = maps[off + 1];
    const c = maps[off + 2] - knot;
    const n = p.length / 2;
    if (this.values.length < n) this.values = new Float64Array(2 * n);
    const v = this.values;
    const eps = this.tolerance * Math.hypot(a0, a1);
    let pos = false;
    let neg = false;
    for (let i = 0; i < n; i++) {
      const f = a0 * p[2 * i] + a1 * p[2 * i + 1] + c;
      v[i] = f;
      if (f > eps) pos = true;
      else if (f < -eps) neg = true;
    }
    if (pos && neg) {
      this.cut(p, n, eps);
      return;
    }
    // Entirely on one side, or (a constant or dead unit, or a cell thinner than the tolerance) on the line itself:
    // then the sign at the interior decides, with the forward pass's convention that f = knot is "below".
    let side = pos;
    if (!pos && !neg) {
      const [x, y] = polygonInterior(p);
      side = a0 * x + a1 * y + c > 0;
    }
    this.below = side ? null : p;
    this.above = side ? p : null;
  }

  private cut(p: Polygon, n: number, eps: number): void {
    const v = this.values;
    const lo: number[] = [];
    const hi: number[] = [];
    for (let i = 0; i < n; i++) {
      const j = i + 1 === n ? 0 : i + 1;
      const fi = v[i];
      const fj = v[j];
      const xi = p[2 * i];
      const yi = p[2 * i + 1];
      if (fi >= -eps) hi.push(xi, yi);
      if (fi <= eps) lo.push(xi, yi);
      if ((fi > eps && fj < -eps) || (fi < -eps && fj > eps)) {
        const t = fi / (fi - fj);
        const x = xi + t * (p[2 * j] - xi);
        const y = yi + t * (p[2 * j + 1] - yi);
        hi.push(x, y);
        lo.push(x, y);
      }
    }
    this.below = Float64Array.from(lo);
    this.above = Float64Array.from(hi);
  }
}
