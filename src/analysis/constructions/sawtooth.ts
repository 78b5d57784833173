/**
 * Telgarsky's sawtooth: the tent map T(x) = 2·relu(x) − 4·relu(x − ½) maps
 * [0, 1] onto itself twice, so T composed k times has 2^k linear pieces on
 * [0, 1] (teeth at the odd multiples of 2^−k). The deep net spends two ReLUs
 * per composition; a one-hidden-layer net needs one unit per piece (2^k − 1
 * kinks plus the first slope), so depth buys an exponential saving.
 */
import { Sequential } from '../../nn/sequential.js';
import { linear, oneHidden, relu } from './build.js';

function checkDepth(depth: number): void {
  if (!(Number.isInteger(depth) && depth >= 1 && depth <= 30))
    throw new Error(`sawtooth depth must be an integer in 1..30, got ${depth}`);
}

/** T∘…∘T (depth times) as a width-2 net with depth hidden layers; the compositions share each Linear between them. */
export function sawtoothNet(depth: number): Sequential {
  checkDepth(depth);
  const layers = [linear({ weight: [[1], [1]], bias: [0, -0.5] }), relu(2)];
  for (let i = 1; i < depth; i++) {
    // T of the previous output, fed straight into the next two units: rows (2, −4) and bias (0, −½).
    layers.push(
      linear({
        weight: [
          [2, -4],
          [2, -4],
        ],
        bias: [0, -0.5],
      }),
      relu(2),
    );
  }
  layers.push(linear({ weight: [[2, -4]], bias: [0] }));
  return new Sequential(layers, `sawtooth T^${depth}, width 2, ${depth} hidden layers`);
}

/**
 * The same function on [0, 1] with one hidden layer of 2^depth units: slope
 * ±2^depth alternating at the knots j/2^depth.
 */
export function shallowSawtoothNet(depth: number): Sequential {
  checkDepth(depth);
  const n = 2 ** depth;
  const out = Array.from({ length: n }, (_, j) => (j === 0 ? n : j % 2 === 1 ? -2 * n : 2 * n));
  return oneHidden(
    { weight: out.map(() => [1]), bias: out.map((_, j) => -j / n) },
    { weight: [out], bias: [0] },
    `sawtooth T^${depth}, one hidden layer of ${n} units`,
  );
}
