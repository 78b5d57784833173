/**
 * The decision boundary over a region map, as segments: on each region the
 * outputs are affine, so the boundary there is a straight piece. One output:
 * where it crosses the threshold (0 for a logit). Several outputs: where the
 * two largest tie, the argmax changing class.
 */
import type { Region2d } from './regions2d.js';

export type Segment = [[number, number], [number, number]];

/** A line f(p) = a·p + c as [a0, a1, c]. */
type Line = readonly [number, number, number];

export function decisionBoundary(regions: readonly Region2d[], threshold = 0): Segment[] {
  const out: Segment[] = [];
  for (const r of regions) {
    const n = r.bias.length;
    const f = (o: number): Line => [r.weight[o][0], r.weight[o][1], r.bias[o]];
    if (n === 1) {
      const [a0, a1, c] = f(0);
      const seg = lineInPolygon([a0, a1, c - threshold], r.polygon);
      if (seg) out.push(seg);
      continue;
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const [ai0, ai1, ci] = f(i);
        const [aj0, aj1, cj] = f(j);
        let seg = lineInPolygon([ai0 - aj0, ai1 - aj1, ci - cj], r.polygon);
        // Keep the part where i (equal to j there) is at least every other output.
        for (let k = 0; k < n && seg; k++) {
          if (k === i || k === j) continue;
          const [ak0, ak1, ck] = f(k);
          seg = clipSegment(seg, [ai0 - ak0, ai1 - ak1, ci - ck]);
        }
        if (seg) out.push(seg);
      }
    }
  }
  return out;
}

/** The chord {f = 0} of a convex polygon, or null when the line misses it or runs along an edge (drawn by the neighbour). */
function lineInPolygon(line: Line, polygon: readonly (readonly [number, number])[]): Segment | null {
  const [a0, a1, c] = line;
  if (a0 === 0 && a1 === 0) return null;
  const pts: [number, number][] = [];
  const m = polygon.length;
  for (let i = 0; i < m; i++) {
    const p = polygon[i];
    const q = polygon[(i + 1) % m];
    const fp = a0 * p[0] + a1 * p[1] + c;
    const fq = a0 * q[0] + a1 * q[1] + c;
    if (fp === 0) pts.push([p[0], p[1]]);
    else if ((fp < 0 && fq > 0) || (fp > 0 && fq < 0)) {
      const t = fp / (fp - fq);
      pts.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  if (pts.length < 2) return null;
  // Two points at most for a convex polygon; more only when both ends are vertices counted twice over rounding.
  let best: Segment = [pts[0], pts[1]];
  let len = -1;
  for (let i = 0; i < pts.length; i++) {
    for (let j = i + 1; j < pts.length; j++) {
      const d = Math.hypot(pts[i][0] - pts[j][0], pts[i][1] - pts[j][1]);
      if (d > len) {
        len = d;
        best = [pts[i], pts[j]];
      }
    }
  }
  return len > 0 ? best : null;
}

/** The part of a segment where f ≥ 0. */
function clipSegment(seg: Segment, line: Line): Segment | null {
  const [a0, a1, c] = line;
  const [p, q] = seg;
  const fp = a0 * p[0] + a1 * p[1] + c;
  const fq = a0 * q[0] + a1 * q[1] + c;
  if (fp < 0 && fq < 0) return null;
  if (fp >= 0 && fq >= 0) return seg;
  const t = fp / (fp - fq);
  const m: [number, number] = [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
  return fp >= 0 ? [p, m] : [m, q];
}
