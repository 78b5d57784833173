/**
 * What each hidden unit adds to a one-hidden-layer net's output: unit j
 * contributes v_j·σ(w_j·x + b_j), and the output is the sum of these plus
 * the output bias. This is how a 1D fit decomposes into hinges or bumps.
 */
import { Activation } from '../nn/activationLayer.js';
import { Linear } from '../nn/linear.js';
import type { Sequential } from '../nn/sequential.js';
import { fromRows } from '../tensor/matrix.js';

export interface UnitContributions {
  /** perUnit[j][n]: unit j's weighted output at input row n, for output 0. */
  readonly perUnit: number[][];
  readonly outputBias: number;
}

export function unitContributions(
  model: Sequential,
  inputs: readonly (readonly number[])[],
): UnitContributions {
  const [first, act, last] = model.layers;
  if (
    model.layers.length !== 3 ||
    !(first instanceof Linear) ||
    !(act instanceof Activation) ||
    !(last instanceof Linear)
  )
    throw new Error(`unitContributions needs Linear → activation → Linear, got ${model.describe()}`);
  const post = model.traceActivations(fromRows(inputs, model.dtype))[0].post;
  const v = last.getWeights();
  const units = act.nOut;
  const perUnit = Array.from({ length: units }, (_, j) =>
    Array.from({ length: inputs.length }, (_, n) => v.weight[0][j] * post.data[n * units + j]),
  );
  return { perUnit, outputBias: v.bias?.[0] ?? 0 };
}
