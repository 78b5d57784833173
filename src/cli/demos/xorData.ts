/** The four XOR points and a small full-batch trainer the XOR demonstrations share. */
import type { Sequential } from '../../nn/sequential.js';
import { fromRows, type Matrix } from '../../tensor/matrix.js';
import { sigmoid } from '../../tensor/special.js';
import { Trainer } from '../../train/trainer.js';

export const xorInputs = (): Matrix =>
  fromRows([
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]);
export const xorTargets = (): Matrix => fromRows([[0], [1], [1], [0]]);

export interface XorRun {
  /** Loss after each logged step. */
  readonly curve: { step: number; loss: number }[];
  /** sigmoid(logit) per input. */
  readonly probabilities: number[];
  readonly accuracy: number;
}

/** Full-batch Adam on binary cross-entropy; the model outputs a logit. */
export function trainXor(model: Sequential, steps: number, logEvery: number): XorRun {
  const x = xorInputs();
  const y = xorTargets();
  const trainer = new Trainer(model, { loss: 'bce', optimizer: 'adam', lr: 0.05 });
  const curve: { step: number; loss: number }[] = [];
  for (let s = 0; s < steps; s++) {
    const loss = trainer.step(x, y);
    if (s % logEvery === 0 || s === steps - 1) curve.push({ step: s, loss });
  }
  const logits = model.predict(x).data;
  const probabilities = Array.from(logits, sigmoid);
  const correct = probabilities.filter((p, i) => (p > 0.5 ? 1 : 0) === y.data[i]).length;
  return { curve, probabilities, accuracy: correct / 4 };
}

export const formatProbabilities = (p: readonly number[]): string =>
  `[${p.map((v) => v.toFixed(3)).join(', ')}]`;
