/**
 * XOR, the smallest problem no linear model solves. A 2-unit ReLU hidden layer
 * learns it because it maps the four points to a hidden space where the labels
 * are linearly separable; the same net with the identity activation is one
 * affine map and stays at p = ½; ReLU(x1 − x2) + ReLU(x2 − x1) is exact.
 */
import { mlp } from '../nn/mlp.js';
import type { Sequential } from '../nn/sequential.js';
import { fromRows, type Matrix, toRows } from '../tensor/matrix.js';
import { sigmoid } from '../tensor/special.js';
import { Trainer } from '../train/trainer.js';
import { oneHidden } from './constructions/build.js';
import { fitLinearClassifier, type LinearClassifier } from './linearClassifier.js';

export const XOR_POINTS: readonly (readonly number[])[] = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
export const XOR_LABELS: readonly number[] = [0, 1, 1, 0];

export const xorInputs = (): Matrix => fromRows(XOR_POINTS);
export const xorTargets = (): Matrix => fromRows(XOR_LABELS.map((y) => [y]));

export interface XorRun {
  /** Loss after each logged step. */
  readonly curve: { step: number; loss: number }[];
  /** sigmoid(logit) per input. */
  readonly probabilities: number[];
  readonly accuracy: number;
}

/** Full-batch Adam (lr 0.05) on binary cross-entropy; the model outputs a logit. */
export function trainXor(model: Sequential, steps: number, logEvery = steps): XorRun {
  const x = xorInputs();
  const y = xorTargets();
  const trainer = new Trainer(model, { loss: 'bce', optimizer: 'adam', lr: 0.05 });
  const curve: { step: number; loss: number }[] = [];
  for (let s = 0; s < steps; s++) {
    const loss = trainer.step(x, y);
    if (s % logEvery === 0 || s === steps - 1) curve.push({ step: s, loss });
  }
  const probabilities = Array.from(model.predict(x).data, sigmoid);
  const correct = probabilities.filter((p, i) => (p > 0.5 ? 1 : 0) === XOR_LABELS[i]).length;
  return { curve, probabilities, accuracy: correct / 4 };
}

/** The initialisation seeds in [from, from + count) whose [2, hidden, 1] ReLU net reaches 100% on XOR. */
export function solvedSeeds(hidden: number, from: number, count: number, steps: number): number[] {
  const solved: number[] = [];
  for (let s = from; s < from + count; s++)
    if (trainXor(mlp([2, hidden, 1], { activation: 'relu', seed: s }), steps).accuracy === 1) solved.push(s);
  return solved;
}

/**
 * The first seed from `from` on whose [2, hidden, 1] ReLU net reaches 100%, trying at most `limit`; null if none.
 * With two hidden units only about one initialisation in eight escapes the local minima, so the search goes on.
 */
export function firstSolvedSeed(hidden: number, from: number, limit: number, steps: number): number | null {
  for (let s = from; s < from + limit; s++)
    if (trainXor(mlp([2, hidden, 1], { activation: 'relu', seed: s }), steps).accuracy === 1) return s;
  return null;
}

/** The first activation layer's output for each XOR point: where the hidden layer puts them. */
export function hiddenCoordinates(model: Sequential): number[][] {
  return toRows(model.traceActivations(xorInputs())[0].post);
}

/** ReLU(x1 − x2) + ReLU(x2 − x1): XOR exactly, with two hidden units. */
export function exactXorNet(): Sequential {
  return oneHidden(
    {
      weight: [
        [1, -1],
        [-1, 1],
      ],
      bias: [0, 0],
    },
    { weight: [[1, 1]], bias: [0] },
    'XOR = relu(x1 − x2) + relu(x2 − x1)',
  );
}

export interface XorSpaces {
  readonly hidden: number[][];
  /** The best linear classifier of the four points in input space (cannot reach 100%). */
  readonly inputFit: LinearClassifier;
  /** The same in the hidden space, where the labels are separable. */
  readonly hiddenFit: LinearClassifier;
}

/** Input space and hidden space of a trained (or built) XOR net, each with its best linear classifier. */
export function xorSpaces(model: Sequential): XorSpaces {
  const hidden = hiddenCoordinates(model);
  return {
    hidden,
    inputFit: fitLinearClassifier(XOR_POINTS, XOR_LABELS),
    hiddenFit: fitLinearClassifier(hidden, XOR_LABELS),
  };
}
