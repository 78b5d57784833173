/**
 * Inputs on which the constructions run exactly: with dyadic inputs every
 * product and sum their weights form is exact in float64, so outputs can be
 * compared with === (the demos and the tests both rely on it).
 */

/** k/2^bits for |k| ≤ range·2^bits, in increasing order. */
export function dyadicGrid(range: number, bits: number): number[] {
  const n = range * 2 ** bits;
  return Array.from({ length: 2 * n + 1 }, (_, i) => (i - n) / 2 ** bits);
}
