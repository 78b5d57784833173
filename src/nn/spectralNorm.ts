/**
 * Spectral normalisation of a weight matrix (Miyato et al. 2018), as PyTorch
 * does it: W_sn = W / σ(W), with σ estimated by power iteration on vectors
 * u (nOut) and v (nIn) kept between steps. u and v are constants for the
 * gradient, so with σ = uᵀWv:
 *   dL/dW = G/σ − (Σ G∘W)/σ² · u vᵀ,   G = dL/dW_sn.
 */
import type { FloatArray } from '../tensor/matrix.js';

/** Runs power-iteration steps on W [nOut×nIn], updating u and v in place. */
export function powerIterate(
  W: FloatArray,
  u: FloatArray,
  v: FloatArray,
  nOut: number,
  nIn: number,
  steps: number,
): void {
  for (let s = 0; s < steps; s++) {
    for (let j = 0; j < nIn; j++) {
      let t = 0;
      for (let i = 0; i < nOut; i++) t += W[i * nIn + j] * u[i];
      v[j] = t;
    }
    normalize(v, nIn);
    for (let i = 0; i < nOut; i++) {
      let t = 0;
      for (let j = 0; j < nIn; j++) t += W[i * nIn + j] * v[j];
      u[i] = t;
    }
    normalize(u, nOut);
  }
}

/** σ = uᵀ W v. */
export function sigmaEstimate(
  W: FloatArray,
  u: FloatArray,
  v: FloatArray,
  nOut: number,
  nIn: number,
): number {
  let s = 0;
  for (let i = 0; i < nOut; i++) {
    let t = 0;
    for (let j = 0; j < nIn; j++) t += W[i * nIn + j] * v[j];
    s += u[i] * t;
  }
  return s;
}

export function spectralNormForward(Wsn: FloatArray, W: FloatArray, sigma: number, n: number): void {
  if (!(Math.abs(sigma) > 0) || !Number.isFinite(sigma)) {
    throw new Error(`spectral norm: estimated σ(W) is ${sigma}; the weight is zero or not finite`);
  }
  const inv = 1 / sigma;
  for (let k = 0; k < n; k++) Wsn[k] = W[k] * inv;
}

export function spectralNormBackward(
  dW: FloatArray,
  G: FloatArray,
  W: FloatArray,
  u: FloatArray,
  v: FloatArray,
  sigma: number,
  nOut: number,
  nIn: number,
): void {
  let gw = 0;
  const n = nOut * nIn;
  for (let k = 0; k < n; k++) gw += G[k] * W[k];
  const c = gw / (sigma * sigma);
  for (let i = 0; i < nOut; i++) {
    const cu = c * u[i];
    for (let j = 0; j < nIn; j++) dW[i * nIn + j] = G[i * nIn + j] / sigma - cu * v[j];
  }
}

function normalize(a: FloatArray, n: number): void {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * a[i];
  const inv = 1 / Math.max(Math.sqrt(s), 1e-12);
  for (let i = 0; i < n; i++) a[i] *= inv;
}
