import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fillRows } from '../../src/tensor/rowops.js';

test('fillRows writes b into every row and nothing past rows·cols', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 1, max: 9 }), (rows, cols) => {
      const b = Float32Array.from({ length: cols }, (_, j) => j + 0.5);
      const y = new Float32Array(rows * cols + 3).fill(-7);
      fillRows(y, b, rows, cols);
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++) assert.equal(y[i * cols + j], b[j], `row ${i} column ${j}`);
      assert.deepEqual([...y.subarray(rows * cols)], [-7, -7, -7]);
    }),
  );
});

test('fillRows fills a view in place without touching the memory around it', () => {
  const whole = new Float64Array(20).fill(9);
  fillRows(whole.subarray(4, 16), Float64Array.of(1, 2, 3), 4, 3);
  assert.deepEqual([...whole], [9, 9, 9, 9, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 9, 9, 9, 9]);
});
