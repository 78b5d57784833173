import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromData } from '../../src/tensor/matrix.js';
import { classAccuracy } from '../../src/train/metrics.js';

test('classAccuracy counts rows whose largest output is the label, the first of a tie winning', () => {
  const pred = fromData(4, 3, Float32Array.of(0.1, 0.7, 0.2, 5, -1, 5, -3, -2, -1, Number.NaN, 0, 1));
  // Rows: argmax 1; a tie between 0 and 2 goes to 0; argmax 2; a NaN first is never beaten (every comparison with it is false), so 0.
  assert.equal(classAccuracy(pred, fromData(4, 1, Float32Array.of(1, 0, 2, 0))), 1);
  assert.equal(classAccuracy(pred, fromData(4, 1, Float32Array.of(1, 2, 2, 1))), 0.5);
  assert.equal(classAccuracy(pred, fromData(4, 1, Float32Array.of(0, 2, 0, 1))), 0);
});
