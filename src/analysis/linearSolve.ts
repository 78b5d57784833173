/** Dense linear solves for the small Newton systems of the linear classifiers. */

/** Solves A z = r by Gaussian elimination with partial pivoting (A is small and positive definite here). */
export function solve(A: number[][], r: number[]): number[] {
  const n = r.length;
  const M = A.map((row, i) => [...row, r[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(M[i][c]) > Math.abs(M[p][c])) p = i;
    [M[c], M[p]] = [M[p], M[c]];
    for (let i = c + 1; i < n; i++) {
      const f = M[i][c] / M[c][c];
      for (let j = c; j <= n; j++) M[i][j] -= f * M[c][j];
    }
  }
  const z = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = M[i][n];
    for (let j = i + 1; j < n; j++) s -= M[i][j] * z[j];
    z[i] = s / M[i][i];
  }
  return z;
}
