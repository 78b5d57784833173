/**
 * |x|, max, min and the logic gates, written with ReLU units and exact on
 * every input where the engine's products and sums are (dyadic numbers).
 */
import { Residual } from '../../nn/residual.js';
import { Sequential } from '../../nn/sequential.js';
import { linear, oneHidden, relu } from './build.js';

/** |x| = relu(x) + relu(−x). */
export function absNet(): Sequential {
  return oneHidden(
    { weight: [[1], [-1]], bias: [0, 0] },
    { weight: [[1, 1]], bias: [0] },
    '|x| = relu(x) + relu(−x)',
  );
}

/**
 * max(x1, x2) = x2 + relu(x1 − x2). Without a skip connection x2 must pass
 * through a ReLU layer too, as relu(x2) − relu(−x2): three hidden units. With
 * one, a residual block adds relu(x1 − x2) to x2 and a single unit is enough.
 */
export function maxNet(options: { skip?: boolean } = {}): Sequential {
  if (options.skip) {
    const body = [
      linear({ weight: [[1, -1]], bias: [0] }),
      relu(1),
      linear({ weight: [[0], [1]], bias: [0, 0] }),
    ];
    return new Sequential(
      [new Residual(null, body, 'float64'), linear({ weight: [[0, 1]], bias: [0] })],
      'max(x1, x2) = x2 + relu(x1 − x2), skip connection',
    );
  }
  return oneHidden(
    {
      weight: [
        [1, -1],
        [0, 1],
        [0, -1],
      ],
      bias: [0, 0, 0],
    },
    { weight: [[1, 1, -1]], bias: [0] },
    'max(x1, x2) = relu(x1 − x2) + relu(x2) − relu(−x2)',
  );
}

/** min(x1, x2) = x2 − relu(x2 − x1), with x2 = relu(x2) − relu(−x2). */
export function minNet(): Sequential {
  return oneHidden(
    {
      weight: [
        [-1, 1],
        [0, 1],
        [0, -1],
      ],
      bias: [0, 0, 0],
    },
    { weight: [[-1, 1, -1]], bias: [0] },
    'min(x1, x2) = relu(x2) − relu(−x2) − relu(x2 − x1)',
  );
}

export type Gate = 'and' | 'or' | 'nand' | 'xor';

export const GATES: readonly Gate[] = ['and', 'or', 'nand', 'xor'];

/** The truth table a gate computes on {0, 1}². */
export const gateTruth: Record<Gate, (a: number, b: number) => number> = {
  and: (a, b) => a & b,
  or: (a, b) => a | b,
  nand: (a, b) => 1 - (a & b),
  xor: (a, b) => a ^ b,
};

/**
 * With s = x1 + x2 ∈ {0, 1, 2}: AND = relu(s − 1), NAND = 1 − relu(s − 1),
 * OR = relu(s) − relu(s − 1), XOR = relu(s) − 2·relu(s − 1).
 */
export function logicNet(gate: Gate): Sequential {
  const s = { weight: [[1, 1]], bias: [-1] };
  const both = {
    weight: [
      [1, 1],
      [1, 1],
    ],
    bias: [0, -1],
  };
  switch (gate) {
    case 'and':
      return oneHidden(s, { weight: [[1]], bias: [0] }, 'AND = relu(x1 + x2 − 1)');
    case 'nand':
      return oneHidden(s, { weight: [[-1]], bias: [1] }, 'NAND = 1 − relu(x1 + x2 − 1)');
    case 'or':
      return oneHidden(both, { weight: [[1, -1]], bias: [0] }, 'OR = relu(x1 + x2) − relu(x1 + x2 − 1)');
    case 'xor':
      return oneHidden(both, { weight: [[1, -2]], bias: [0] }, 'XOR = relu(x1 + x2) − 2·relu(x1 + x2 − 1)');
    default:
      throw new Error(`logicNet: unknown gate '${gate as string}'; choose one of ${GATES.join(', ')}`);
  }
}
