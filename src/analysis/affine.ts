/** Affine maps x ↦ Wx + b as plain arrays, W stored [nOut][nIn] like a Linear layer's weight. */
export interface AffineMap {
  readonly weight: number[][];
  readonly bias: number[];
}

export function applyAffine(map: AffineMap, x: readonly number[]): number[] {
  return map.weight.map((row, i) => row.reduce((s, w, k) => s + w * x[k], map.bias[i]));
}

/** outer ∘ inner: x ↦ W_o (W_i x + b_i) + b_o. */
export function composeAffine(outer: AffineMap, inner: AffineMap): AffineMap {
  const nIn = inner.weight[0].length;
  return {
    weight: outer.weight.map((row) =>
      Array.from({ length: nIn }, (_, j) => row.reduce((s, w, k) => s + w * inner.weight[k][j], 0)),
    ),
    bias: applyAffine(outer, inner.bias),
  };
}

export function identityAffine(n: number): AffineMap {
  return {
    weight: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))),
    bias: new Array<number>(n).fill(0),
  };
}
