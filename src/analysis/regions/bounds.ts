/**
 * Region counts as functions of the architecture, for ReLU nets with
 * widths [n0 (inputs), n1, …, nL (hidden), nOut]; the output layer is affine
 * and adds no regions. Computed exactly in BigInt; the number form is the
 * nearest double (exact below 2^53).
 *
 * - zaslavsky (one hidden layer only): n1 hyperplanes in general position
 *   cut R^n0 into exactly Σ_{i=0}^{n0} C(n1, i) regions (Zaslavsky 1975), so
 *   a one-hidden-layer net with weights in general position has exactly this
 *   many, and no one-hidden-layer net has more.
 * - montufar (lower bound on the maximum; every n_l ≥ n0): some net of this
 *   architecture has at least (∏_{l=1}^{L−1} ⌊n_l/n0⌋^{n0}) · Σ_{j=0}^{n0} C(nL, j)
 *   regions (Montúfar, Pascanu, Cho, Bengio 2014, "On the number of linear
 *   regions of deep neural networks", Theorem 4). A given net may have far fewer.
 * - serra (upper bound): no net has more than
 *   Σ_{(j1,…,jL) ∈ J} ∏_{l=1}^{L} C(n_l, j_l), with
 *   J = {0 ≤ j_l ≤ min(n0, n1 − j1, …, n_{l−1} − j_{l−1}, n_l)}
 *   (Serra, Tjandraatmadja, Ramalingam 2018, "Bounding and counting linear
 *   regions of deep neural networks", Theorem 1). For one hidden layer it
 *   equals zaslavsky.
 * - naive: ∏ n_l, i.e. W^L for L hidden layers of W units: the rule of thumb
 *   "regions ≈ width^depth". It is not a bound: it ignores the input
 *   dimension, so it lies below the montufar count in one dimension
 *   (W^{L−1}(W + 1)) and far below serra in two.
 */

export interface RegionBounds {
  zaslavsky: number | null;
  montufar: number | null;
  serra: number | null;
  naive: number | null;
}

export interface RegionBoundsExact {
  zaslavsky: bigint | null;
  montufar: bigint | null;
  serra: bigint | null;
  naive: bigint | null;
}

export function regionBoundsExact(widths: readonly number[]): RegionBoundsExact {
  if (widths.length < 2 || !widths.every((w) => Number.isInteger(w) && w > 0)) {
    throw new Error(
      `widths must be at least two positive integers (inputs, hidden…, outputs), got [${widths.join(', ')}]`,
    );
  }
  const n0 = widths[0];
  const hidden = widths.slice(1, -1);
  if (hidden.length === 0) return { zaslavsky: null, montufar: null, serra: 1n, naive: null };
  const L = hidden.length;
  const zaslavsky = L === 1 ? binomialSum(hidden[0], n0) : null;
  let montufar: bigint | null = null;
  if (hidden.every((n) => n >= n0)) {
    montufar = binomialSum(hidden[L - 1], n0);
    for (let l = 0; l < L - 1; l++) montufar *= BigInt(Math.floor(hidden[l] / n0)) ** BigInt(n0);
  }
  const naive = hidden.reduce((p, n) => p * BigInt(n), 1n);
  return { zaslavsky, montufar, serra: serraBound(n0, hidden), naive };
}

export function regionBounds(widths: readonly number[]): RegionBounds {
  const exact = regionBoundsExact(widths);
  const num = (v: bigint | null): number | null => (v === null ? null : Number(v));
  return {
    zaslavsky: num(exact.zaslavsky),
    montufar: num(exact.montufar),
    serra: num(exact.serra),
    naive: num(exact.naive),
  };
}

/** Σ_{i=0}^{min(d, n)} C(n, i). */
export function binomialSum(n: number, d: number): bigint {
  let sum = 0n;
  let c = 1n;
  for (let i = 0; i <= Math.min(d, n); i++) {
    sum += c;
    c = (c * BigInt(n - i)) / BigInt(i + 1);
  }
  return sum;
}

export function binomial(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let c = 1n;
  for (let i = 0; i < k; i++) c = (c * BigInt(n - i)) / BigInt(i + 1);
  return c;
}

/**
 * Serra et al.'s sum by dynamic programming over layers: the state is the
 * running cap m = min(n0, n1 − j1, …), which is all the constraint on the
 * next j needs, so the sum over J never lists J itself.
 */
function serraBound(n0: number, hidden: readonly number[]): bigint {
  let byCap = new Map<number, bigint>([[n0, 1n]]);
  for (const n of hidden) {
    const next = new Map<number, bigint>();
    for (const [cap, ways] of byCap) {
      for (let j = 0; j <= Math.min(cap, n); j++) {
        const m = Math.min(cap, n - j);
        next.set(m, (next.get(m) ?? 0n) + ways * binomial(n, j));
      }
    }
    byCap = next;
  }
  let total = 0n;
  for (const w of byCap.values()) total += w;
  return total;
}
