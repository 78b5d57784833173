/** Small builders the constructions share: float64 layers from plain arrays, through the public API. */
import { Activation } from '../../nn/activationLayer.js';
import type { ActivationName } from '../../nn/layer.js';
import { Linear } from '../../nn/linear.js';
import { Sequential } from '../../nn/sequential.js';
import { column, fromRows } from '../../tensor/matrix.js';
import type { AffineMap } from '../affine.js';

export function linear(map: AffineMap): Linear {
  return new Linear(map.weight[0].length, map.weight.length, { dtype: 'float64' }).setWeights(
    map.weight,
    map.bias,
  );
}

export function relu(n: number, activation: ActivationName = 'relu'): Activation {
  return new Activation(n, activation, 'float64');
}

/** Linear → activation → Linear: a one-hidden-layer net. */
export function oneHidden(
  first: AffineMap,
  second: AffineMap,
  label: string,
  activation: ActivationName = 'relu',
): Sequential {
  return new Sequential([linear(first), relu(first.weight.length, activation), linear(second)], label);
}

/** The outputs of a one-input, one-output model at xs (inputs in the model's own dtype). */
export function evaluate1d(model: Sequential, xs: readonly number[]): number[] {
  return Array.from(model.predict(column(xs, model.dtype)).data);
}

/** Each output row of a model at the given input rows. */
export function evaluateRows(model: Sequential, rows: readonly (readonly number[])[]): number[][] {
  const y = model.predict(fromRows(rows, model.dtype));
  return Array.from({ length: y.rows }, (_, i) => Array.from(y.data.subarray(i * y.cols, (i + 1) * y.cols)));
}
