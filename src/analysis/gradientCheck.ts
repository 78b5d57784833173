/**
 * Back-propagation checked the slow, obviously right way: every parameter
 * nudged by ±h and the loss re-evaluated. Works on any float64 model and loss
 * of the engine; float32 rounding would swamp the difference.
 */
import type { Sequential } from '../nn/sequential.js';
import type { Matrix } from '../tensor/matrix.js';
import type { Loss } from '../train/losses/loss.js';

export interface GradientCheck {
  /** max |backprop − central difference| over every parameter. */
  readonly maxGap: number;
  /** The parameter path where the gap is largest. */
  readonly worst: string;
  readonly checked: number;
}

/** Runs forward + backward once, then compares each gradient entry with (L(θ + h) − L(θ − h)) / 2h. */
export function gradientCheck(
  model: Sequential,
  x: Matrix,
  target: Matrix,
  loss: Loss,
  h = 1e-6,
): GradientCheck {
  if (model.dtype !== 'float64') throw new Error(`gradientCheck needs a float64 model, got ${model.dtype}`);
  loss.forward(model.forward(x), target);
  model.backward(loss.backward());
  const grads = model.getParams('grad');
  let maxGap = 0;
  let worst = '';
  let checked = 0;
  for (const { path, param } of model.namedParams()) {
    const w = param.value.data;
    for (let i = 0; i < w.length; i++) {
      const keep = w[i];
      w[i] = keep + h;
      const up = loss.forward(model.forward(x), target);
      w[i] = keep - h;
      const down = loss.forward(model.forward(x), target);
      w[i] = keep;
      const gap = Math.abs(grads[path][i] - (up - down) / (2 * h));
      checked++;
      if (gap >= maxGap) {
        maxGap = gap;
        worst = `${path}[${i}]`;
      }
    }
  }
  return { maxGap, worst, checked };
}
