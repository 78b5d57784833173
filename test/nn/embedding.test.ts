/**
 * EmbeddingInput: its gradients against central differences and against the
 * reference autodiff, its column order, its round trips through spec and the
 * model file, its errors, and its seeded initialisation.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ModelFileError, parseModel, serializeModel, stringifyModel } from '../../src/io/modelFile.js';
import { buildModel } from '../../src/nn/build.js';
import { defaultEmbeddingDim, EmbeddingInput } from '../../src/nn/embedding.js';
import type { EmbeddingColumn } from '../../src/nn/layer.js';
import { mlp } from '../../src/nn/mlp.js';
import { Sequential } from '../../src/nn/sequential.js';
import { type DType, fromRows, type Matrix, toRows, zeros } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import {
  assertGradients,
  centralDifference,
  compareGradients,
  type GradReport,
  LOSS_FLOOR,
  numericGradient,
  weightedSum,
} from '../helpers/gradcheck.js';
import { arbDim, arbSeed, randomMatrix, rngFrom } from '../helpers/random.js';
import { bytesOf } from '../io/helpers.js';
import { referencePass } from '../reference/nn.js';

const RUNS = { numRuns: 40 };

/** A random set of code columns (at least one) of an nIn-wide input, in ascending order. */
function drawColumns(rng: Rng, nIn: number): EmbeddingColumn[] {
  const first = rng.int(nIn);
  const columns: EmbeddingColumn[] = [];
  for (let j = 0; j < nIn; j++) {
    if (j === first || rng.uniform() < 0.4)
      columns.push({ column: j, categories: 1 + rng.int(5), dim: 1 + rng.int(4) });
  }
  return columns;
}

/** Rows of U(−1, 1) numbers with valid random codes in the code columns. */
function drawInput(
  rng: Rng,
  rows: number,
  nIn: number,
  columns: readonly EmbeddingColumn[],
  dtype: DType = 'float64',
): Matrix {
  const x = randomMatrix(rng, rows, nIn, dtype);
  for (let r = 0; r < rows; r++) for (const c of columns) x.data[r * nIn + c.column] = rng.int(c.categories);
  return x;
}

/**
 * Gradients of L = Σ r ⊙ forward(x) w.r.t. every param and the numeric input
 * columns, against central differences. Codes cannot be perturbed (a code of
 * 2 + 1e-5 is invalid), so their input gradient must be exactly zero instead.
 */
function checkGradients(
  forward: () => Matrix,
  backward: (dy: Matrix) => Matrix | null,
  x: Matrix,
  params: readonly { name: string; value: Matrix; grad: Matrix }[],
  columns: readonly EmbeddingColumn[],
  rng: Rng,
): GradReport[] {
  const y = forward();
  const r = randomMatrix(rng, y.rows, y.cols);
  const dx = backward(r);
  assert.ok(dx, 'backward returned no input gradient');
  const analyticInput = Float64Array.from(dx.data);
  const analyticParams = params.map((p) => Float64Array.from(p.grad.data));
  const loss = () => weightedSum(forward(), r);
  // As gradCheckFunction does: entries near zero are judged against the loss's own round-off.
  let magnitude = 0;
  for (let i = 0; i < y.rows * y.cols; i++) magnitude += Math.abs(r.data[i] * y.data[i]);
  const floors = { absFloor: LOSS_FLOOR * Math.max(1, magnitude) };
  const coded = new Set(columns.map((c) => c.column));
  const numericIdx: number[] = [];
  for (let i = 0; i < x.data.length; i++) {
    if (coded.has(i % x.cols)) assert.equal(analyticInput[i], 0, `input gradient of code entry ${i}`);
    else numericIdx.push(i);
  }
  const reports = params.map((p, k) =>
    compareGradients(p.name, analyticParams[k], numericGradient(loss, p.value.data), floors),
  );
  reports.push(
    compareGradients(
      'numeric inputs',
      numericIdx.map((i) => analyticInput[i]),
      numericIdx.map((i) => centralDifference(loss, x.data, i)),
      floors,
    ),
  );
  return reports;
}

describe('EmbeddingInput', () => {
  it('puts pass-through columns first, in input order, then each table row in column order', () => {
    const layer = new EmbeddingInput(4, [
      { column: 1, categories: 3, dim: 2 },
      { column: 3, categories: 2, dim: 1 },
    ]);
    layer.params[0].value.data.set([10, 11, 20, 21, 30, 31]);
    layer.params[1].value.data.set([-1, -2]);
    const y = layer.forward(fromRows([[0.5, 2, -0.5, 1]], 'float32'), { training: false });
    assert.deepEqual(toRows(y), [[0.5, -0.5, 30, 31, -2]]);
    assert.equal(layer.nOut, 5);
    assert.equal(String(layer), 'EmbeddingInput(4→5; column 1: 3×2, column 3: 2×1)');
  });

  it('table gradients and numeric-input gradients match central differences (float64)', () => {
    fc.assert(
      fc.property(arbSeed, arbDim(6), arbDim(6), (seed, batch, nIn) => {
        const rng = rngFrom(seed);
        const columns = drawColumns(rng, nIn);
        const layer = new EmbeddingInput(nIn, columns, { dtype: 'float64', rng });
        const x = drawInput(rng, batch, nIn, columns);
        const reports = checkGradients(
          () => layer.forward(x, { training: true }),
          (dy) => layer.backward(dy, true),
          x,
          layer.params,
          columns,
          rng,
        );
        assertGradients(reports, 1e-6, String(layer));
      }),
      { seed: 901, ...RUNS },
    );
  });

  it('gradients through an embedding + tanh MLP match central differences (float64)', () => {
    fc.assert(
      fc.property(arbSeed, arbDim(5), arbDim(5), arbDim(4), (seed, batch, nIn, hidden) => {
        const rng = rngFrom(seed);
        const columns = drawColumns(rng, nIn);
        const model = mlp([nIn, hidden, 2], { embed: columns, activation: 'tanh', dtype: 'float64', seed });
        const x = drawInput(rng, batch, nIn, columns);
        const params = model.namedParams().map(({ path, param }) => ({ ...param, name: path }));
        const reports = checkGradients(
          () => model.forward(x, { training: true }),
          (dy) => model.backward(dy, true),
          x,
          params,
          columns,
          rng,
        );
        assertGradients(reports, 1e-6, model.describe());
      }),
      { seed: 902, ...RUNS },
    );
  });

  it('agrees with the reference autodiff on outputs and every gradient', () => {
    fc.assert(
      fc.property(arbSeed, arbDim(5), arbDim(5), (seed, batch, nIn) => {
        const rng = rngFrom(seed);
        const columns = drawColumns(rng, nIn);
        const model = mlp([nIn, 4, 3], { embed: columns, activation: 'gelu', dtype: 'float64', seed });
        const x = drawInput(rng, batch, nIn, columns);
        const r = randomMatrix(rng, batch, model.nOut);
        const params = model.getParams();
        const y = toRows(model.forward(x, { training: false }));
        const dx = model.backward(r, true);
        assert.ok(dx);
        const ref = referencePass(model.spec(), params, {}, toRows(x), toRows(r), { training: false });
        const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
        assert.ok(
          y.flat().every((v, i) => close(v, ref.output.flat()[i])),
          'outputs',
        );
        assert.ok(
          [...dx.data].every((v, i) => close(v, ref.inputGrad.flat()[i])),
          'input gradient',
        );
        for (const [path, g] of Object.entries(model.getParams('grad'))) {
          assert.ok(
            [...g].every((v, i) => close(v, ref.paramGrads[path][i])),
            path,
          );
        }
      }),
      { seed: 903, numRuns: 20 },
    );
  });

  it('backward overwrites the table gradients, and rows never looked up get zero', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const layer = new EmbeddingInput(2, [{ column: 0, categories: 4, dim: 2 }], { dtype, rng: new Rng(1) });
      const x = fromRows(
        [
          [1, 0.5],
          [1, -0.5],
          [3, 2],
        ],
        dtype,
      );
      const dy = fromRows(
        [
          [1, 2, 3],
          [4, 5, 6],
          [7, 8, 9],
        ],
        dtype,
      );
      layer.forward(x, { training: true });
      assert.equal(layer.backward(dy, false), null);
      layer.forward(x, { training: true });
      const dx = layer.backward(dy, true);
      assert.ok(dx);
      assert.deepEqual([...layer.params[0].grad.data], [0, 0, 2 + 5, 3 + 6, 0, 0, 8, 9]);
      assert.deepEqual(toRows(dx), [
        [0, 1],
        [0, 4],
        [0, 7],
      ]);
    }
  });

  it('rejects a code that is not an integer 0..k-1 with one line naming the column and value', () => {
    const layer = new EmbeddingInput(3, [{ column: 2, categories: 4, dim: 2 }]);
    for (const bad of [1.5, -1, 4, Number.NaN, 0.0001]) {
      assert.throws(
        () =>
          layer.forward(
            fromRows(
              [
                [0, 0, 1],
                [0, 0, bad],
              ],
              'float64',
            ),
            { training: false },
          ),
        (e: Error) =>
          e.message.includes(`input column 2 holds ${bad} in row 1`) &&
          e.message.includes('integers 0..3') &&
          !e.message.includes('\n'),
      );
    }
    assert.throws(() => layer.backward(zeros(2, 5, 'float32'), true), /backward before forward/);
  });

  it('rejects malformed column lists', () => {
    for (const [columns, pattern] of [
      [[], /at least one code column/],
      [[{ column: 3, categories: 2, dim: 1 }], /column 3 is not an input column 0..2/],
      [
        [
          { column: 1, categories: 2, dim: 1 },
          { column: 0, categories: 2, dim: 1 },
        ],
        /ascending order without repeats, got 0 after 1/,
      ],
      [[{ column: 0, categories: 0, dim: 1 }], /categories must be a positive integer, got 0/],
      [[{ column: 0, categories: 2, dim: 1.5 }], /dim must be a positive integer, got 1.5/],
    ] as const) {
      assert.throws(() => new EmbeddingInput(3, columns), pattern);
    }
  });

  it('is deterministic: the seed fixes every table, which start N(0, 1)', () => {
    const columns = [{ column: 0, categories: 500, dim: 8 }];
    const a = Array.from(
      new EmbeddingInput(1, columns, { rng: new Rng(7), dtype: 'float64' }).params[0].value.data,
    );
    const b = new EmbeddingInput(1, columns, { rng: new Rng(7), dtype: 'float64' }).params[0].value.data;
    const c = new EmbeddingInput(1, columns, { rng: new Rng(8), dtype: 'float64' }).params[0].value.data;
    assert.ok(bytesOf(Float64Array.from(a)).equals(bytesOf(b)));
    assert.ok(!bytesOf(Float64Array.from(a)).equals(bytesOf(c)));
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const sd = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
    assert.ok(Math.abs(mean) < 0.05 && Math.abs(sd - 1) < 0.05, `mean ${mean}, sd ${sd}`);
    assert.ok(new EmbeddingInput(1, columns).params[0].value.data.every((v) => v === 0));
    const m1 = mlp([3, 4, 1], { embed: [{ column: 1, categories: 3, dim: 2 }], seed: 5 });
    const m2 = mlp([3, 4, 1], { embed: [{ column: 1, categories: 3, dim: 2 }], seed: 5 });
    for (const [k, v] of Object.entries(m1.getParams()))
      assert.ok(bytesOf(v).equals(bytesOf(m2.getParams()[k])), k);
  });

  it('defaultEmbeddingDim is ceil(sqrt(k)) capped at 8', () => {
    assert.deepEqual([1, 2, 4, 5, 49, 50, 1000].map(defaultEmbeddingDim), [1, 2, 2, 3, 7, 8, 8]);
  });
});

describe('a model with an embedding', () => {
  const embed: EmbeddingColumn[] = [
    { column: 0, categories: 5, dim: 3 },
    { column: 2, categories: 2, dim: 1 },
  ];
  const input = (dtype: DType) =>
    fromRows(
      [
        [4, 0.25, 1, -1.5],
        [0, -2, 0, 3],
        [2, 1, 1, 0],
      ],
      dtype,
    );

  for (const dtype of ['float32', 'float64'] as const) {
    it(`${dtype}: round-trips bit-exactly through spec/buildModel and through the model file`, () => {
      const model = mlp([4, 6, 6, 3], { embed, seed: 3, dtype, norm: 'layer' });
      assert.equal(model.layers[0].kind, 'embedding');
      assert.equal(model.nIn, 4);
      assert.equal(model.linears()[0].nIn, 2 + 3 + 1);
      assert.match(model.describe(), /embedding→6/);
      const x = input(dtype);
      const y = model.predict(x);

      const rebuilt = buildModel(JSON.parse(JSON.stringify(model.spec())));
      assert.deepEqual(rebuilt.spec(), model.spec());
      rebuilt.setParams(model.getParams());
      assert.ok(bytesOf(rebuilt.predict(x).data).equals(bytesOf(y.data)));

      const metadata = { featureNames: ['shop', 'a', 'member', 'b'], categories: { member: ['no', 'yes'] } };
      const text = stringifyModel(model, metadata);
      const loaded = parseModel(text, 'm.json');
      assert.deepEqual(loaded.model.spec(), model.spec());
      assert.equal(String(loaded.model), String(model));
      for (const [k, v] of Object.entries(model.getParams())) {
        assert.ok(bytesOf(loaded.model.getParams()[k]).equals(bytesOf(v)), k);
      }
      assert.ok(bytesOf(loaded.model.predict(x).data).equals(bytesOf(y.data)));
      assert.deepEqual(loaded.metadata.categories, metadata.categories);
      assert.equal(stringifyModel(loaded.model, loaded.metadata), text);
    });
  }

  it('the model file reader checks embedding specs', () => {
    const model = mlp([4, 3, 1], { embed, seed: 1 });
    const file = serializeModel(model, { featureNames: ['a', 'b', 'c', 'd'] });
    const withSpec = (layers: readonly unknown[], metadata: object = file.metadata) =>
      JSON.stringify({ ...file, spec: { ...file.spec, layers }, metadata });
    const [emb, ...rest] = file.spec.layers as unknown as Record<string, unknown>[];
    const columns = emb.columns as Record<string, unknown>[];
    for (const [text, pattern] of [
      [withSpec([{ ...emb, columns: [] }, ...rest]), /spec.layers\[0\].columns must be a non-empty array/],
      [
        withSpec([{ ...emb, columns: [{ ...columns[0], column: 4 }, columns[1]] }, ...rest]),
        /columns\[0\].column must be an input column 0..3, got 4/,
      ],
      [
        withSpec([{ ...emb, columns: [columns[1], columns[0]] }, ...rest]),
        /ascending order without repeats, got 0 after 2/,
      ],
      [
        withSpec([{ ...emb, columns: [{ ...columns[0], size: 2 }, columns[1]] }, ...rest]),
        /columns\[0\] has unknown field "size"/,
      ],
      [
        withSpec([{ ...emb, columns: [{ ...columns[0], dim: 4 }, columns[1]] }, ...rest]),
        /spec.layers\[1\] \(linear\) takes 6 inputs but the layer before it gives 7/,
      ],
      [
        withSpec([{ kind: 'linear', nIn: 4, nOut: 4, bias: true }, { ...emb }, ...rest]),
        /spec.layers\[1\] is an embedding layer, which can only be the model's first layer/,
      ],
      [
        withSpec(file.spec.layers, { ...file.metadata, categories: { z: ['p', 'q'] } }),
        /metadata.categories names "z", which is not in metadata.featureNames/,
      ],
      [
        withSpec(file.spec.layers, { ...file.metadata, categories: { a: [] } }),
        /metadata.categories\["a"\] must be a non-empty array of strings/,
      ],
    ] as const) {
      assert.throws(
        () => parseModel(text, 'm.json'),
        (e: Error) => e instanceof ModelFileError && pattern.test(e.message),
        String(pattern),
      );
    }
  });

  it('trains: a category that decides the label is learned through its table', () => {
    const rng = new Rng(4);
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 200; i++) {
      const code = rng.int(6);
      rows.push([rng.uniformIn(-1, 1), code]);
      labels.push(code % 2);
    }
    const model = new Sequential(
      mlp([2, 8, 1], { embed: [{ column: 1, categories: 6, dim: 2 }], seed: 2, dtype: 'float64' }).layers,
    );
    const x = fromRows(rows, 'float64');
    const lr = 0.5;
    for (let step = 0; step < 300; step++) {
      const z = model.forward(x, { training: true });
      const dz = zeros(z.rows, 1, 'float64');
      for (let i = 0; i < z.rows; i++) dz.data[i] = (1 / (1 + Math.exp(-z.data[i])) - labels[i]) / z.rows;
      model.backward(dz);
      for (const p of model.params())
        for (let k = 0; k < p.value.data.length; k++) p.value.data[k] -= lr * p.grad.data[k];
    }
    const z = model.predict(x);
    const correct = labels.filter((l, i) => (z.data[i] > 0 ? 1 : 0) === l).length;
    assert.equal(correct, labels.length);
  });
});
