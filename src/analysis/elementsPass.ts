/**
 * The five elements of a network, with real numbers: an input, a 2-2-1 ReLU
 * architecture with readable weights, its output, a squared-error loss against
 * a target, the gradients back-propagation gives, and one optimizer step
 * (plain SGD) that lowers the loss. The elements figure draws exactly this.
 */
import { Activation } from '../nn/activationLayer.js';
import { Linear } from '../nn/linear.js';
import { Sequential } from '../nn/sequential.js';
import { fromRows } from '../tensor/matrix.js';
import { MseLoss } from '../train/losses/regression.js';
import { type GradientCheck, gradientCheck } from './gradientCheck.js';

export interface ElementsPass {
  readonly model: Sequential;
  readonly input: readonly number[];
  readonly target: number;
  /** Hidden pre-activations z = W₁x + b₁ and activations h = ReLU(z). */
  readonly pre: readonly number[];
  readonly hidden: readonly number[];
  readonly output: number;
  /** (ŷ − y)², the engine's mse on one sample. */
  readonly loss: number;
  readonly dLossDOutput: number;
  /** dL/dparam by path ('0.weight', '0.bias', '2.weight', '2.bias'), from the engine's backward. */
  readonly grads: Readonly<Record<string, readonly number[]>>;
  readonly learningRate: number;
  /** Parameters after θ ← θ − η·∇L. */
  readonly updated: Readonly<Record<string, readonly number[]>>;
  readonly lossAfter: number;
  readonly check: GradientCheck;
}

export interface ElementsOptions {
  readonly input?: readonly [number, number];
  readonly target?: number;
  readonly learningRate?: number;
}

/** Weights picked by hand so every number in the figure is short and both hidden units are on. */
const WEIGHTS = {
  '0.weight': [0.5, -0.25, -0.5, 0.75],
  '0.bias': [0.25, 0],
  '2.weight': [1, -0.5],
  '2.bias': [0.25],
};

export function elementsPass(o: ElementsOptions = {}): ElementsPass {
  const input = o.input ?? [1, 2];
  const target = o.target ?? 1;
  const learningRate = o.learningRate ?? 0.05;
  const model = new Sequential(
    [
      new Linear(2, 2, { dtype: 'float64' }),
      new Activation(2, 'relu', 'float64'),
      new Linear(2, 1, { dtype: 'float64' }),
    ],
    'elements',
  );
  model.setParams(WEIGHTS);
  const x = fromRows([[...input]], 'float64');
  const y = fromRows([[target]], 'float64');
  const loss = new MseLoss();

  const [trace] = model.traceActivations(x);
  const output = model.forward(x).data[0];
  const lossValue = loss.forward(model.forward(x), y);
  const dOut = loss.backward();
  const dLossDOutput = dOut.data[0];
  model.backward(dOut);
  const gradsRaw = model.getParams('grad');
  const before = model.getParams('value');
  const grads: Record<string, number[]> = {};
  const updated: Record<string, number[]> = {};
  for (const path of Object.keys(gradsRaw)) {
    grads[path] = Array.from(gradsRaw[path]);
    updated[path] = Array.from(before[path], (w, i) => w - learningRate * gradsRaw[path][i]);
  }
  const check = gradientCheck(model, x, y, loss);
  model.setParams(updated);
  const lossAfter = loss.forward(model.forward(x), y);
  model.setParams(before);
  return {
    model,
    input,
    target,
    pre: Array.from(trace.pre.data),
    hidden: Array.from(trace.post.data),
    output,
    loss: lossValue,
    dLossDOutput,
    grads,
    learningRate,
    updated,
    lossAfter,
    check,
  };
}
