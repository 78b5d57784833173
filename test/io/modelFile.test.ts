import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitStandardizer } from '../../src/data/standardize.js';
import { floatsToBase64 } from '../../src/io/base64.js';
import { type JsonValue, stringifyJson } from '../../src/io/json.js';
import {
  MODEL_FORMAT,
  ModelFileError,
  parseModel,
  serializeModel,
  stringifyModel,
  validateModelFile,
} from '../../src/io/modelFile.js';
import { mlp } from '../../src/nn/mlp.js';
import { bytesOf, fixtureModels, randomInput } from './helpers.js';

describe('model file round trip', () => {
  for (const { name, model } of fixtureModels()) {
    it(`${name}: weights, buffers and outputs are bit-identical`, () => {
      const text = stringifyModel(model, { task: 'regression', target: 'sin(3*x)', training: { epochs: 3 } });
      const { model: back, metadata } = parseModel(text, 'm.json');
      assert.deepEqual(back.spec(), JSON.parse(JSON.stringify(model.spec())));
      assert.equal(back.toString(), model.toString());
      const p0 = model.getParams();
      const p1 = back.getParams();
      assert.deepEqual(Object.keys(p1), Object.keys(p0));
      for (const k of Object.keys(p0)) assert.ok(bytesOf(p1[k]).equals(bytesOf(p0[k])), `param ${k}`);
      const b0 = model.getBuffers();
      const b1 = back.getBuffers();
      assert.deepEqual(Object.keys(b1), Object.keys(b0));
      for (const k of Object.keys(b0)) assert.ok(bytesOf(b1[k]).equals(bytesOf(b0[k])), `buffer ${k}`);
      const x = randomInput(17, model.nIn, 7, model.dtype);
      assert.ok(bytesOf(back.predict(x).data).equals(bytesOf(model.predict(x).data)));
      assert.equal(metadata.target, 'sin(3*x)');
      assert.deepEqual(metadata.training, { epochs: 3 });
      // Writing the loaded model again gives the same text: the format is canonical.
      assert.equal(stringifyModel(back, metadata), text);
    });
  }

  it('json encoding round-trips exactly too, and hand-written number arrays load', () => {
    const model = mlp([2, 3, 1], { seed: 11 });
    const obj = serializeModel(model, {}, { encoding: 'json' });
    assert.ok(Array.isArray(obj.params[0].data));
    const back = parseModel(JSON.stringify(obj)).model;
    for (const [k, v] of Object.entries(model.getParams()))
      assert.ok(bytesOf(back.getParams()[k]).equals(bytesOf(v)));
  });

  it('keeps -0 and subnormals exactly', () => {
    const model = mlp([1, 2, 1], { seed: 1, dtype: 'float64' });
    model.setParams({ '0.weight': [-0, 5e-324], '0.bias': [Number.MIN_VALUE, -Number.MAX_VALUE] });
    const back = parseModel(stringifyModel(model)).model;
    assert.ok(bytesOf(back.getParams()['0.weight']).equals(bytesOf(model.getParams()['0.weight'])));
    assert.ok(Object.is(back.getParams()['0.weight'][0], -0));
    assert.equal(back.getParams()['0.bias'][1], -Number.MAX_VALUE);
  });

  it('the file is the documented shape', () => {
    const text = stringifyModel(mlp([1, 4, 1], { seed: 0 }), { task: 'regression' });
    const lines = text.split('\n');
    assert.equal(lines.pop(), '', 'the file ends with a newline');
    const obj = JSON.parse(lines[0]!);
    assert.equal(obj.format, MODEL_FORMAT);
    assert.equal(obj.version, 2);
    assert.equal(obj.dtype, 'float32');
    assert.deepEqual(
      obj.params.map((p: { path: string; shape: number[] }) => [p.path, p.shape]),
      [
        ['0.weight', [4, 1]],
        ['0.bias', [1, 4]],
        ['2.weight', [1, 4]],
        ['2.bias', [1, 1]],
      ],
    );
    assert.equal(obj.params[0].data, undefined);
    assert.deepEqual(obj.buffers, []);
    // One line of base64 per tensor this small, in header order.
    assert.equal(lines.length, 5);
    for (const line of lines.slice(1)) assert.equal(typeof JSON.parse(line), 'string');
  });

  it('carries a standardizer through and returns it checked', () => {
    const model = mlp([2, 3, 1], { seed: 2 });
    const standardizer = fitStandardizer(randomInput(20, 2, 4, 'float64'));
    const loaded = parseModel(stringifyModel(model, { standardizer }));
    assert.deepEqual(loaded.standardizer, standardizer);
    // Every double survives exactly: JSON numbers round-trip float64.
    loaded.standardizer!.mean.forEach((m, j) => {
      assert.ok(Object.is(m, standardizer.mean[j]));
    });
    assert.equal(parseModel(stringifyModel(model)).standardizer, undefined);
  });

  it('refuses to serialise a diverged model', () => {
    const model = mlp([1, 2, 1], { seed: 0 });
    model.setParams({ '2.bias': [Number.NaN] });
    assert.throws(() => stringifyModel(model), /parameter '2.bias' value 0 is NaN.*diverged/);
    assert.throws(
      () => stringifyModel(mlp([1, 1], {}), { training: { loss: Number.POSITIVE_INFINITY } }),
      /metadata.training.loss is Infinity/,
    );
  });
});

interface TensorJson {
  path: string;
  shape: number[];
  data: string | number[];
}

/** A parsed model file, loosely typed so the cases can break it in every way. */
interface Doc {
  spec: { layers: Record<string, unknown>[]; [key: string]: unknown };
  params: TensorJson[];
  buffers: TensorJson[];
  [key: string]: unknown;
}

/** A valid file as an object, to mutate. */
function validDoc(): Doc {
  const model = mlp([2, 4, 4, 3], { seed: 3, norm: 'batch' });
  return JSON.parse(stringifyJson(serializeModel(model, { task: 'multiclass', classes: ['a', 'b', 'c'] })));
}

function expectError(doc: unknown, pattern: RegExp): void {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
  assert.throws(
    () => parseModel(text, 'model.json'),
    (e: unknown) => {
      assert.ok(e instanceof ModelFileError, `expected a ModelFileError, got ${e}`);
      assert.ok(e.message.startsWith('model.json: '), e.message);
      assert.ok(!e.message.includes('\n'), `one line: ${e.message}`);
      assert.match(e.message, pattern);
      return true;
    },
  );
}

describe('model file validation', () => {
  it('accepts the valid fixture', () => {
    assert.equal(parseModel(JSON.stringify(validDoc())).model.nOut, 3);
  });

  const cases: [string, (d: Doc) => unknown, RegExp][] = [
    ['empty text', () => '', /the file is empty/],
    ['not JSON', () => '{"format": "mlp-lab-model",', /not valid JSON/],
    ['not an object', () => [1, 2], /expected a JSON object, got an array/],
    ['no format', (d) => ({ ...d, format: undefined }), /no "format" field: not an mlp-lab model file/],
    ['wrong format', (d) => ({ ...d, format: 'keras' }), /format is "keras", expected "mlp-lab-model"/],
    ['version not a number', (d) => ({ ...d, version: '1' }), /version must be a number, got a string/],
    [
      'newer version',
      (d) => ({ ...d, version: 3 }),
      /version 3 is newer than this mlp-lab reads \(2\); upgrade/,
    ],
    ['older version', (d) => ({ ...d, version: 0 }), /unsupported format version 0/],
    [
      'non-finite number',
      (d) => JSON.stringify(d).replace('"momentum":0.1', '"momentum":1e999'),
      /spec.layers\[1\].momentum is Infinity/,
    ],
    ['bad dtype', (d) => ({ ...d, dtype: 'int8' }), /dtype must be "float32" or "float64", got "int8"/],
    [
      'spec dtype mismatch',
      (d) => ({ ...d, spec: { ...d.spec, dtype: 'float64' } }),
      /spec.dtype "float64" does not match/,
    ],
    ['spec not an object', (d) => ({ ...d, spec: 3 }), /spec must be an object, got a number/],
    ['no layers', (d) => ({ ...d, spec: { ...d.spec, layers: [] } }), /spec.layers is empty/],
    [
      'layers not an array',
      (d) => ({ ...d, spec: { ...d.spec, layers: {} } }),
      /spec.layers must be an array/,
    ],
    ['bad label', (d) => ({ ...d, spec: { ...d.spec, label: 5 } }), /spec.label must be a string/],
    [
      'unknown kind',
      (d) => setLayer(d, 0, { kind: 'conv2d' }),
      /spec.layers\[0\] has unknown layer kind "conv2d"; known kinds: linear/,
    ],
    ['layer not an object', (d) => setLayer(d, 0, 'linear'), /spec.layers\[0\] must be a layer object/],
    [
      'zero size',
      (d) => setLayer(d, 0, { ...d.spec.layers[0], nOut: 0 }),
      /spec.layers\[0\].nOut must be a positive integer, got 0/,
    ],
    [
      'fractional size',
      (d) => setLayer(d, 0, { ...d.spec.layers[0], nIn: 1.5 }),
      /nIn must be a positive integer, got 1.5/,
    ],
    [
      'size as string',
      (d) => setLayer(d, 0, { ...d.spec.layers[0], nIn: '2' }),
      /nIn must be a positive integer, got a string/,
    ],
    [
      'huge size',
      (d) => setLayer(d, 0, { ...d.spec.layers[0], nIn: 2 ** 30 }),
      /more than this format allows/,
    ],
    [
      'broken chain',
      (d) => setLayer(d, 2, { ...d.spec.layers[2], nIn: 5 }),
      /spec.layers\[2\] \(activation\) takes 5 inputs but the layer before it gives 4/,
    ],
    [
      'bias not boolean',
      (d) => setLayer(d, 0, { ...d.spec.layers[0], bias: 1 }),
      /bias must be true or false/,
    ],
    ['unknown field', (d) => setLayer(d, 0, { ...d.spec.layers[0], units: 4 }), /has unknown field "units"/],
    [
      'unknown activation',
      (d) => setLayer(d, 2, { ...d.spec.layers[2], activation: 'swishy' }),
      /unknown activation "swishy"/,
    ],
    [
      'bad alpha',
      (d) => setLayer(d, 2, { ...d.spec.layers[2], activation: { name: 'elu', alpha: 'x' } }),
      /alpha must be a number/,
    ],
    [
      'bad momentum',
      (d) => setLayer(d, 1, { ...d.spec.layers[1], momentum: 2 }),
      /momentum must be a number in \[0, 1\], got 2/,
    ],
    ['bad eps', (d) => setLayer(d, 1, { ...d.spec.layers[1], eps: 0 }), /eps must be a number > 0, got 0/],
    [
      'bad dropout',
      (d) => setLayer(d, 2, { kind: 'dropout', nIn: 4, pDrop: 1 }),
      /pDrop must be a number in \[0, 1\), got 1/,
    ],
    [
      'bad spectral norm',
      (d) => setLayer(d, 0, { ...d.spec.layers[0], spectralNorm: { iterations: 0 } }),
      /spectralNorm must be/,
    ],
    [
      'residual changes width',
      (d) =>
        setLayer(d, 2, {
          kind: 'residual',
          nIn: 4,
          norm: null,
          body: [{ kind: 'linear', nIn: 4, nOut: 3, bias: true }],
        }),
      /body maps 4 features to 3; a residual block must keep the width/,
    ],
    [
      'residual empty body',
      (d) => setLayer(d, 2, { kind: 'residual', nIn: 4, norm: null, body: [] }),
      /body must be a non-empty array/,
    ],
    [
      'residual bad norm',
      (d) =>
        setLayer(d, 2, {
          kind: 'residual',
          nIn: 4,
          norm: { kind: 'dropout', nIn: 4, pDrop: 0 },
          body: [{ kind: 'activation', nIn: 4, activation: 'relu' }],
        }),
      /norm must be a batchnorm or layernorm layer/,
    ],
    ['params not an array', (d) => ({ ...d, params: {} }), /params must be an array, got an object/],
    ['entry not an object', (d) => ({ ...d, params: [1] }), /params\[0\] must be an object/],
    [
      'entry without path',
      (d) => ({ ...d, params: [{ shape: [1, 1], data: [] }] }),
      /params\[0\].path must be a non-empty string/,
    ],
    [
      'bad shape',
      (d) => mutParam(d, 0, { shape: [4] }),
      /parameter '0.weight': shape must be \[rows, cols\]/,
    ],
    [
      'data of wrong type',
      (d) => mutParam(d, 0, { data: 42 }),
      /parameter '0.weight': data must be a base64 string or an array of numbers/,
    ],
    [
      'missing parameter',
      (d) => ({ ...d, params: d.params.slice(1) }),
      /missing parameter '0.weight' \(shape \[4, 2\]\)/,
    ],
    [
      'unexpected parameter',
      (d) => ({ ...d, params: [...d.params, { path: '9.weight', shape: [1, 1], data: [0] }] }),
      /unexpected parameter '9.weight': the model's parameters are 0.weight, 0.bias/,
    ],
    [
      'duplicate parameter',
      (d) => ({ ...d, params: [...d.params, d.params[0]] }),
      /parameter '0.weight' appears twice/,
    ],
    [
      'wrong shape',
      (d) => mutParam(d, 0, { shape: [2, 4] }),
      /parameter '0.weight' has shape \[2, 4\], expected \[4, 2\]/,
    ],
    [
      'value count (json)',
      (d) => mutParam(d, 0, { data: [1, 2, 3, 4, 5, 6, 7] }),
      /parameter '0.weight' has 7 values, expected 8/,
    ],
    [
      'value count (base64)',
      (d) => mutParam(d, 0, { data: floatsToBase64(new Float32Array(7)) }),
      /parameter '0.weight' has 7 values, expected 8/,
    ],
    [
      'truncated base64',
      (d) => mutParam(d, 0, { data: d.params[0].data.slice(0, -3) }),
      /parameter '0.weight' data: base64 length \d+ is not a multiple of 4 \(truncated\?\)/,
    ],
    [
      'bad base64 char',
      (d) => mutParam(d, 0, { data: `*${d.params[0].data.slice(1)}` }),
      /invalid base64 character "\*" at offset 0/,
    ],
    [
      'partial value',
      (d) => mutParam(d, 0, { data: 'AAAAAAA=' }),
      /5 bytes is not a whole number of float32 values/,
    ],
    [
      'NaN weight',
      (d) => mutParam(d, 0, { data: floatsToBase64(new Float32Array([0, 0, Number.NaN, 0, 0, 0, 0, 0])) }),
      /parameter '0.weight' value 2 is NaN; every value must be finite/,
    ],
    ['missing buffer', (d) => ({ ...d, buffers: [] }), /missing buffer '1.running_mean'/],
    ['buffers not an array', (d) => ({ ...d, buffers: 'x' }), /buffers must be an array/],
    [
      'negative running var',
      (d) => mutBuffer(d, '1.running_var', { data: [1, -1, 1, 1] }),
      /buffer '1.running_var' value 1 is -1; a running variance cannot be negative/,
    ],
    ['metadata not an object', (d) => ({ ...d, metadata: [] }), /metadata must be an object, got an array/],
    [
      'bad task',
      (d) => ({ ...d, metadata: { task: 'clustering' } }),
      /metadata.task must be "regression", "binary" or "multiclass"/,
    ],
    [
      'bad classes',
      (d) => ({ ...d, metadata: { classes: [1, 2, 3] } }),
      /metadata.classes must be an array of strings/,
    ],
    [
      'classes vs outputs',
      (d) => ({ ...d, metadata: { task: 'multiclass', classes: ['a', 'b'] } }),
      /metadata.classes names 2 classes but the model has 3 outputs/,
    ],
    [
      'features vs inputs',
      (d) => ({ ...d, metadata: { featureNames: ['a'] } }),
      /metadata.featureNames names 1 features but the model takes 2 inputs/,
    ],
    [
      'bad target',
      (d) => ({ ...d, metadata: { target: 3 } }),
      /metadata.target must be a string, got a number/,
    ],
    [
      'bad domain',
      (d) => ({ ...d, metadata: { domain: ['a'] } }),
      /metadata.domain must be an array of numbers/,
    ],
    ['bad training', (d) => ({ ...d, metadata: { training: 'yes' } }), /metadata.training must be an object/],
    [
      'standardizer not an object',
      (d) => ({ ...d, metadata: { standardizer: [1] } }),
      /metadata.standardizer must be an object \{ mean: number\[\], std: number\[\] \}/,
    ],
    [
      'standardizer with zero std',
      (d) => ({ ...d, metadata: { standardizer: { mean: [0, 0], std: [1, 0] } } }),
      /metadata.standardizer std\[1\] must be a finite number > 0, got 0/,
    ],
    [
      'standardizer vs inputs',
      (d) => ({ ...d, metadata: { standardizer: { mean: [0, 0, 0], std: [1, 1, 1] } } }),
      /metadata.standardizer has 3 columns but the model takes 2 inputs/,
    ],
  ];
  for (const [name, mutate, pattern] of cases) {
    it(`rejects: ${name}`, () => expectError(mutate(validDoc()), pattern));
  }

  it('rejects residual blocks nested too deep without overflowing the stack', () => {
    const nested = (levels: number) => {
      let layer: unknown = { kind: 'activation', nIn: 2, activation: 'relu' };
      for (let i = 0; i < levels; i++) layer = { kind: 'residual', nIn: 2, norm: null, body: [layer] };
      return { format: 'mlp-lab-model', version: 1, dtype: 'float32', spec: { layers: [layer] }, params: [] };
    };
    expectError(nested(20), /residual blocks nest more than 16 deep/);
    // Deeper still, the document's nesting bound is reached first.
    expectError(
      nested(100),
      /^model\.json: spec\.layers\[0\]\.body.*….* is nested more than 64 arrays or objects deep; no valid model file/,
    );
  });

  it('rejects metadata nested past the bound, however deep, with one clear line', () => {
    const d = validDoc();
    const text = JSON.stringify(d);
    const levels = 200_000;
    const deep = `${text.slice(0, -1)},"metadata":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;
    expectError(
      deep,
      /^model\.json: metadata(\.a)+ is nested more than 64 arrays or objects deep; flatten the metadata$/,
    );
    expectError(
      `${text.slice(0, -1)},"metadata":${'['.repeat(levels)}${']'.repeat(levels)}}`,
      /nested more than 64/,
    );
    // Already-parsed input, including a cycle, is held to the same bound.
    const cyclic: Record<string, unknown> = { task: 'multiclass', classes: ['a', 'b', 'c'] };
    cyclic.self = cyclic;
    assert.throws(
      () => parseModel({ ...d, metadata: cyclic }, 'obj'),
      /^ModelFileError: obj: metadata\.self\.self.* is nested more than 64/,
    );
  });

  it('accepts metadata right at the nesting bound and keeps it intact', () => {
    const d = validDoc();
    // The document is level 1 and metadata level 2, so 62 more objects reach exactly 64.
    let inner: unknown = 'leaf';
    for (let i = 0; i < 62; i++) inner = { a: inner };
    const loaded = parseModel(JSON.stringify({ ...d, metadata: { note: inner } }), 'm.json');
    assert.equal(JSON.stringify(loaded.metadata.note).split('{').length - 1, 62);
    expectError({ ...d, metadata: { note: { a: inner } } }, /metadata\.note(\.a){62} is nested more than 64/);
  });

  it('a model with over-deep metadata is refused before it is written, not with a stack overflow', () => {
    let deep: JsonValue = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.throws(
      () => stringifyModel(mlp([2, 3, 1], { seed: 1 }), { training: { deep } }),
      /^Error: cannot save the model: metadata\.training\.deep(\[0\])+ is nested more than 63 levels deep/,
    );
  });

  it('reports where invalid JSON breaks as a line and column', () => {
    expectError(
      '{\n  "format": "mlp-lab-model",\n  "version": 1,,\n}',
      /not valid JSON \(.* at line 3, column 16\)/,
    );
    expectError('{\n"format":', /not valid JSON \(Unexpected end of JSON input at line 2, column 10\)/);
  });

  it('keeps messages on one line when names in the file hold line breaks', () => {
    const d = validDoc();
    const params = [...d.params, { path: 'evil\nname', shape: [1, 1], data: [0] }];
    expectError({ ...d, params }, /unexpected parameter 'evil\\nname'/);
    expectError(setLayer(d, 0, { ...d.spec.layers[0], 'x\ny': 1 }), /has unknown field "x\\ny"/);
  });

  it('refuses a spec larger than the weights the file holds, before allocating it', () => {
    const d = validDoc();
    const huge = { ...d, spec: { layers: [{ kind: 'linear', nIn: 64, nOut: 1 << 22, bias: false }] } };
    expectError(huge, /the spec needs at least 268435456 parameter values but the file holds \d+$/);
  });

  it('validateModelFile accepts parsed objects and names the source', () => {
    assert.equal(validateModelFile(validDoc(), 'x').format, MODEL_FORMAT);
    assert.throws(
      () => validateModelFile(null, 'src.json'),
      /^ModelFileError: src.json: expected a JSON object, got null$/,
    );
  });
});

function setLayer(d: Doc, i: number, layer: Record<string, unknown> | string): Doc {
  const layers: unknown[] = [...d.spec.layers];
  layers[i] = layer;
  return { ...d, spec: { ...d.spec, layers: layers as Record<string, unknown>[] } };
}

function mutParam(d: Doc, i: number, patch: object): Doc {
  const params = [...d.params];
  params[i] = { ...params[i], ...patch };
  return { ...d, params };
}

function mutBuffer(d: Doc, path: string, patch: object): Doc {
  return {
    ...d,
    buffers: d.buffers.map((b) => (b.path === path ? { ...b, ...patch } : b)),
  };
}
