/**
 * The public window the instruments read: traceActivations,
 * activationPatterns, namedParams and per-parameter gradients, on a small net
 * whose every number is worked out by hand below.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Activation } from '../../src/nn/activationLayer.js';
import { Linear } from '../../src/nn/linear.js';
import { mlp } from '../../src/nn/mlp.js';
import { Sequential } from '../../src/nn/sequential.js';
import { fromRows, toRows } from '../../src/tensor/matrix.js';

/**
 * h = relu(x·W1ᵀ + b1), y = h·W2ᵀ + b2 with W1 = [[1, −1], [2, 1]], b1 = [0, −1],
 * W2 = [[1, 2]], b2 = [0.5]. For x = (1, 0), (0, 1), (2, 3):
 *   pre  = (1, 1), (−1, 0), (−1, 6)      post = (1, 1), (0, 0), (0, 6)
 *   y    = 3.5, 0.5, 12.5
 * With dL/dy = 1 for every row:
 *   dW2 = Σ post = (1, 7), db2 = 3; dpost = (1, 2) per row, masked by pre > 0:
 *   dpre = (1, 2), (0, 0), (0, 2);  dW1 = Σ dpreᵀ x = [[1, 0], [6, 6]], db1 = (1, 4);
 *   dx = dpre·W1 = (5, 1), (0, 0), (4, 2).
 */
function handNet(): Sequential {
  return new Sequential([
    new Linear(2, 2, { dtype: 'float64' }).setWeights(
      [
        [1, -1],
        [2, 1],
      ],
      [0, -1],
    ),
    new Activation(2, 'relu', 'float64'),
    new Linear(2, 1, { dtype: 'float64' }).setWeights([[1, 2]], [0.5]),
  ]);
}

const x = fromRows(
  [
    [1, 0],
    [0, 1],
    [2, 3],
  ],
  'float64',
);

describe('introspection on a hand-checked net', () => {
  it('forward output', () => {
    assert.deepEqual(toRows(handNet().predict(x)), [[3.5], [0.5], [12.5]]);
  });

  it('traceActivations: path, name, pre- and post-activation copies', () => {
    const net = handNet();
    const trace = net.traceActivations(x);
    assert.equal(trace.length, 1);
    const [t] = trace;
    assert.equal(t.path, '1');
    assert.equal(t.activation, 'relu');
    assert.deepEqual(toRows(t.pre), [
      [1, 1],
      [-1, 0],
      [-1, 6],
    ]);
    assert.deepEqual(toRows(t.post), [
      [1, 1],
      [0, 0],
      [0, 6],
    ]);
    // Copies: a later forward does not change them.
    net.forward(fromRows([[9, 9]], 'float64'));
    assert.deepEqual(Array.from(t.pre.data), [1, 1, -1, 0, -1, 6]);
  });

  it('activationPatterns: a unit is on where its pre-activation is > 0 (0 counts as off)', () => {
    const patterns = handNet().activationPatterns(x);
    assert.equal(patterns.length, 1);
    assert.deepEqual(Array.from(patterns[0]), [1, 1, 0, 0, 0, 1]);
  });

  it('namedParams: paths, shapes and decay flags in forward order', () => {
    const net = handNet();
    const named = net.namedParams();
    assert.deepEqual(
      named.map((p) => [p.path, p.param.value.rows, p.param.value.cols, p.param.decay]),
      [
        ['0.weight', 2, 2, true],
        ['0.bias', 1, 2, false],
        ['2.weight', 1, 2, true],
        ['2.bias', 1, 1, false],
      ],
    );
    assert.equal(named[2].layer, net.layers[2]);
    assert.equal(net.paramCount(), 9);
  });

  it('per-parameter gradients and the input gradient', () => {
    const net = handNet();
    net.forward(x, { training: true });
    const dx = net.backward(fromRows([[1], [1], [1]], 'float64'), true);
    assert.ok(dx);
    assert.deepEqual(toRows(dx), [
      [5, 1],
      [0, 0],
      [4, 2],
    ]);
    const grads = net.getParams('grad');
    assert.deepEqual(Object.fromEntries(Object.entries(grads).map(([k, v]) => [k, Array.from(v)])), {
      '0.weight': [1, 0, 6, 6],
      '0.bias': [1, 4],
      '2.weight': [1, 7],
      '2.bias': [3],
    });
    // Backward overwrites: a second pass on a single row leaves only that row's gradient.
    net.forward(fromRows([[1, 0]], 'float64'), { training: true });
    assert.equal(net.backward(fromRows([[1]], 'float64')), null);
    assert.deepEqual(Array.from(net.getParams('grad')['2.weight']), [1, 1]);
  });

  it('setParams round-trips getParams and rejects unknown paths and wrong lengths', () => {
    const a = handNet();
    const b = mlp([2, 2, 1], { dtype: 'float64', seed: 3 });
    b.setParams(a.getParams());
    assert.deepEqual(toRows(b.predict(x)), toRows(a.predict(x)));
    assert.throws(() => b.setParams({ '5.weight': [1] }), /no parameter or buffer '5.weight'/);
    assert.throws(() => b.setParams({ '0.bias': [1, 2, 3] }), /'0.bias' needs 2 values \(1x2\), got 3/);
  });

  it('nested paths inside residual blocks, and one pattern per activation layer', () => {
    const net = mlp([2, 3, 3, 1], { residual: true, norm: 'layer', dtype: 'float64', seed: 4 });
    assert.deepEqual(
      net.namedParams().map((p) => p.path),
      [
        '0.weight',
        '0.bias',
        '1.gamma',
        '1.beta',
        '3.0.gamma',
        '3.0.beta',
        '3.1.weight',
        '3.1.bias',
        '4.weight',
        '4.bias',
      ],
    );
    const trace = net.traceActivations(x);
    assert.deepEqual(
      trace.map((t) => t.path),
      ['2', '3.2'],
    );
    const patterns = net.activationPatterns(x);
    assert.deepEqual(
      patterns.map((p) => p.length),
      [9, 9],
    );
    patterns.forEach((p, k) => {
      p.forEach((bit, i) => {
        assert.equal(bit, trace[k].pre.data[i] > 0 ? 1 : 0);
      });
    });
  });
});
