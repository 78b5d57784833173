import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitLinearClassifier } from '../../src/analysis/linearClassifier.js';
import { exactXorNet, XOR_LABELS, XOR_POINTS, xorSpaces } from '../../src/analysis/xor.js';

describe('XOR in input space and hidden space', () => {
  it('no linear classifier separates XOR: the best logistic fit is p = ½ everywhere', () => {
    const fit = fitLinearClassifier(XOR_POINTS, XOR_LABELS);
    assert.ok(fit.probabilities.every((p) => Math.abs(p - 0.5) < 1e-12));
    assert.equal(fit.accuracy, 0.5);
  });

  it('relu(x1 − x2), relu(x2 − x1) map XOR to three points a line separates', () => {
    const spaces = xorSpaces(exactXorNet());
    assert.deepEqual(spaces.hidden, [
      [0, 0],
      [0, 1],
      [1, 0],
      [0, 0],
    ]);
    assert.equal(spaces.hiddenFit.accuracy, 1);
    assert.ok(spaces.hiddenFit.probabilities.every((p, i) => Math.abs(p - XOR_LABELS[i]) < 0.1));
  });
});
