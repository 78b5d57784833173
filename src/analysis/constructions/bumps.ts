/**
 * Ramps and tent bumps, the bricks of one-hidden-layer approximation in 1D:
 * the ramp relu(x − a) − relu(x − b) rises from 0 to b − a across [a, b]; the
 * tent relu(1 − |x − c|/ε) is 1 at c and 0 outside (c − ε, c + ε), three
 * ReLUs: (relu(x − c + ε) − 2·relu(x − c) + relu(x − c − ε))/ε. A sum of
 * tents with disjoint supports memorises labelled points exactly.
 */
import type { Sequential } from '../../nn/sequential.js';
import { oneHidden } from './build.js';

/** relu(x − a) − relu(x − b), for a < b. */
export function rampNet(a: number, b: number): Sequential {
  if (!(a < b)) throw new Error(`rampNet needs a < b, got a = ${a}, b = ${b}`);
  return oneHidden(
    { weight: [[1], [1]], bias: [-a, -b] },
    { weight: [[1, -1]], bias: [0] },
    `ramp relu(x − ${a}) − relu(x − ${b})`,
  );
}

function tentUnits(center: number, eps: number, height: number): { bias: number[]; out: number[] } {
  return {
    bias: [eps - center, -center, -center - eps],
    out: [height / eps, (-2 * height) / eps, height / eps],
  };
}

/** relu(1 − |x − center|/eps) with three hidden units. */
export function bumpNet(center: number, eps: number): Sequential {
  if (!(eps > 0)) throw new Error(`bumpNet needs eps > 0, got ${eps}`);
  const { bias, out } = tentUnits(center, eps, 1);
  return oneHidden(
    { weight: [[1], [1], [1]], bias },
    { weight: [out], bias: [0] },
    `tent relu(1 − |x − ${center}|/${eps})`,
  );
}

export interface BumpMemorizer {
  readonly model: Sequential;
  /** Half-width of every tent: the smallest gap between two points, so no tent reaches a neighbour. */
  readonly eps: number;
  /** Hidden ReLU units: three per point. */
  readonly units: number;
}

/** A one-hidden-layer net with f(xs[i]) = ys[i]: one tent of height ys[i] per point. */
export function memorizeWithBumps(xs: readonly number[], ys: readonly number[]): BumpMemorizer {
  if (xs.length === 0 || xs.length !== ys.length)
    throw new Error(
      `memorizeWithBumps needs one label per point, got ${xs.length} points and ${ys.length} labels`,
    );
  const sorted = [...xs].sort((a, b) => a - b);
  let eps = Number.POSITIVE_INFINITY;
  for (let i = 1; i < sorted.length; i++) eps = Math.min(eps, sorted[i] - sorted[i - 1]);
  if (eps === 0) throw new Error('memorizeWithBumps: the points must be distinct');
  // A single point has no neighbour; any width works.
  if (!Number.isFinite(eps)) eps = 1;
  const bias: number[] = [];
  const out: number[] = [];
  xs.forEach((x, i) => {
    const t = tentUnits(x, eps, ys[i]);
    bias.push(...t.bias);
    out.push(...t.out);
  });
  const model = oneHidden(
    { weight: bias.map(() => [1]), bias },
    { weight: [out], bias: [0] },
    `${xs.length} tents memorising ${xs.length} points`,
  );
  return { model, eps, units: bias.length };
}
