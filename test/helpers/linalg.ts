/**
 * Small dense linear algebra in float64 for checking the engine: products,
 * Gram matrices and symmetric eigenvalues (cyclic Jacobi). Written for
 * clarity on matrices of a few dozen rows, not for speed.
 */
import type { Matrix } from '../../src/tensor/matrix.js';

/** Row-major rows×cols array as nested arrays of numbers. */
export function toNested(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export function transpose(a: readonly (readonly number[])[]): number[][] {
  const rows = a.length;
  const cols = rows === 0 ? 0 : a[0].length;
  return Array.from({ length: cols }, (_, j) => Array.from({ length: rows }, (_, i) => a[i][j]));
}

export function matmul(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number[][] {
  const n = a.length;
  const k = b.length;
  const m = k === 0 ? 0 : b[0].length;
  const out = Array.from({ length: n }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < n; i++) {
    if (a[i].length !== k) throw new Error(`matmul: inner sizes ${a[i].length} and ${k} differ`);
    for (let t = 0; t < k; t++) for (let j = 0; j < m; j++) out[i][j] += a[i][t] * b[t][j];
  }
  return out;
}

/** AᵀA (cols×cols). */
export function gramColumns(a: Matrix): number[][] {
  const w = toNested(a);
  return matmul(transpose(w), w);
}

/** AAᵀ (rows×rows). */
export function gramRows(a: Matrix): number[][] {
  const w = toNested(a);
  return matmul(w, transpose(w));
}

/** Largest |A[i][j] − c·I[i][j]|. */
export function maxDeviationFromScaledIdentity(a: readonly (readonly number[])[], c: number): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < a[i].length; j++) d = Math.max(d, Math.abs(a[i][j] - (i === j ? c : 0)));
  }
  return d;
}

/**
 * Eigenvalues of a symmetric matrix by cyclic Jacobi rotations, sorted
 * descending. Converges quadratically; accurate to round-off of ‖A‖.
 */
export function symmetricEigenvalues(sym: readonly (readonly number[])[]): number[] {
  const n = sym.length;
  const a = sym.map((r) => [...r]);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
    if (off === 0) break;
    let scale = 0;
    for (let p = 0; p < n; p++) scale += a[p][p] * a[p][p];
    if (off < 1e-32 * (scale + off)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (a[p][q] === 0) continue;
        // Rotation that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.4.1).
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
      }
    }
  }
  return a.map((r, i) => r[i]).sort((x, y) => y - x);
}

/** Singular values of A, descending (square roots of the eigenvalues of the smaller Gram matrix). */
export function singularValues(a: Matrix): number[] {
  const g = a.rows <= a.cols ? gramRows(a) : gramColumns(a);
  return symmetricEigenvalues(g).map((e) => Math.sqrt(Math.max(e, 0)));
}
