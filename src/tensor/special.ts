/** Special functions the engine needs to float64 precision (JavaScript has no Math.erf). */

const TWO_OVER_SQRT_PI = 1.1283791670955126;
/**
 * The alternating series cancels more as |x| grows (about 50 ulps lost by
 * 2.5); from 1.5 on the continued fraction is both exact to a few ulps and
 * short (about 100 steps at 1.5, fewer beyond).
 */
const SERIES_LIMIT = 1.5;

/**
 * erf(x) to a few ulps: Maclaurin series near zero, Lentz's continued
 * fraction for erfc beyond SERIES_LIMIT. Precision matters because GELU's
 * backward is checked against finite differences of its forward.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  if (ax < SERIES_LIMIT) {
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return TWO_OVER_SQRT_PI * sum;
  }
  const r = 1 - erfcTail(ax);
  return x < 0 ? -r : r;
}

/**
 * erfc(x) = 1 − erf(x), keeping its relative precision in the right tail
 * where 1 − erf(x) would cancel (GELU's left tail is x·erfc(−x/√2)/2).
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  return x < SERIES_LIMIT ? 1 - erf(x) : erfcTail(x);
}

/** erfc(x) for x ≥ SERIES_LIMIT by the continued fraction erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))). */
function erfcTail(x: number): number {
  if (x > 27) return 0;
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return expMinusSquare(x) / (f * Math.sqrt(Math.PI));
}

/**
 * e^{−x²} with x² carried as an exact sum hi + lo (Dekker's split): rounding
 * x² alone would cost x²·ulp of relative error, 30 ulps by x = 5.5.
 */
function expMinusSquare(x: number): number {
  const hi = x * x;
  const c = 134217729 * x;
  const xh = c - (c - x);
  const xl = x - xh;
  const lo = xh * xh - hi + 2 * xh * xl + xl * xl;
  return Math.exp(-hi) * (1 - lo);
}

/** Logistic sigmoid without overflow for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}
