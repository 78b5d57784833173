/**
 * Yarotsky's x² on [0, 1]: f_m(x) = x − Σ_{s=1}^m T^s(x)/4^s, with T^s the
 * sawtooth, is the linear interpolant of x² at the 2^m + 1 points j/2^m, so
 * its sup error is h²/4 = 2^(−2m−2) with h = 2^−m (attained at the midpoints).
 * The net carries three quantities through m ReLU layers of width 3:
 * relu(g), relu(g − ½) (the tent of the current sawtooth g) and the running
 * sum f_s, which stays ≥ x² ≥ 0 so its ReLU passes it unchanged.
 */
import { Sequential } from '../../nn/sequential.js';
import { linear, relu } from './build.js';

export function yarotskySquare(m: number): Sequential {
  if (!(Number.isInteger(m) && m >= 1 && m <= 20))
    throw new Error(`yarotskySquare: m must be an integer in 1..20, got ${m}`);
  // g_0 = x, f_0 = x.
  const layers = [linear({ weight: [[1], [1], [1]], bias: [0, -0.5, 0] }), relu(3)];
  for (let s = 1; s < m; s++) {
    // g_s = 2·h0 − 4·h1; f_s = h2 − g_s/4^s; the next layer reads g_s, g_s − ½ and f_s.
    const q = 4 ** s;
    layers.push(
      linear({
        weight: [
          [2, -4, 0],
          [2, -4, 0],
          [-2 / q, 4 / q, 1],
        ],
        bias: [0, -0.5, 0],
      }),
      relu(3),
    );
  }
  const q = 4 ** m;
  layers.push(linear({ weight: [[-2 / q, 4 / q, 1]], bias: [0] }));
  return new Sequential(layers, `Yarotsky x², ${m} sawtooth steps`);
}

/** The sup error the construction attains on [0, 1]. */
export const yarotskyBound = (m: number): number => 2 ** (-2 * m - 2);
