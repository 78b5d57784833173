/**
 * Input features in the playground's run: the Settings field a link carries,
 * the model's input width, what the views evaluate, the model file they export
 * and the refusal of a choice with no columns.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFeatures } from '../../src/data/features.js';
import { parseModel } from '../../src/io/modelFile.js';
import { Lab, SettingsError } from '../../web/src/lab.js';
import { DEFAULTS, type FeatureChoice, type Settings, sanitize } from '../../web/src/settings.js';
import { decodeState, encodeState } from '../../web/src/share.js';

const settings = (patch: Partial<Settings>): Settings => ({ ...structuredClone(DEFAULTS), ...patch });
const features = (terms: FeatureChoice['terms'], fourier = 0): FeatureChoice => ({
  terms,
  fourier,
  fourierScale: 1,
});

describe('playground input features', () => {
  it('default to x1 and x2, and come from a link checked and in column order', () => {
    assert.deepEqual(DEFAULTS.features, { terms: ['x1', 'x2'], fourier: 0, fourierScale: 1 });
    const s = sanitize({ features: { terms: ['sin(x2)', 'x1^2'], fourier: 3, fourierScale: 2 } });
    assert.deepEqual(s.settings.features, { terms: ['x1^2', 'sin(x2)'], fourier: 3, fourierScale: 2 });
    assert.deepEqual(s.ignored, []);
    for (const bad of [
      { terms: ['x3'], fourier: 0, fourierScale: 1 },
      { terms: ['x1', 'x1'], fourier: 0, fourierScale: 1 },
      { terms: ['x1'], fourier: -1, fourierScale: 1 },
      { terms: ['x1'], fourier: 2, fourierScale: 0 },
      'x1',
    ]) {
      const r = sanitize({ features: bad });
      assert.deepEqual(r.ignored, ['features']);
      assert.deepEqual(r.settings.features, DEFAULTS.features);
    }
    const chosen = settings({ features: features(['x1', 'x1*x2'], 4) });
    assert.deepEqual(
      decodeState(encodeState({ settings: chosen, steps: 3 }))?.state.settings.features,
      chosen.features,
    );
  });

  it('make the input width the feature count and keep the points as drawn', () => {
    const lab = new Lab(
      settings({ task: 'circles', features: features(['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2'], 2) }),
    );
    const { train, raw, featureNames } = lab.data;
    assert.equal(lab.model.nIn, 9);
    assert.equal(train.x.cols, 9);
    assert.equal(raw.train.x.cols, 2);
    assert.deepEqual(featureNames, [
      'x1',
      'x2',
      'x1²',
      'x2²',
      'x1·x2',
      'sin(2π·b1·x)',
      'cos(2π·b1·x)',
      'sin(2π·b2·x)',
      'cos(2π·b2·x)',
    ]);
    // A view's grid goes through the same features as training: the net on raw points equals the net on the training rows.
    const onRaw = lab.model.predict(lab.inputs(raw.train.x));
    assert.deepEqual(Array.from(onRaw.data), Array.from(lab.model.predict(train.x).data));
    assert.equal(lab.data.rawInputs, false);
    assert.equal(new Lab(settings({ task: 'circles' })).data.rawInputs, true);
  });

  it('let a net with no hidden layer separate circles on x1², x2² but not on x1, x2', () => {
    const accuracy = (terms: FeatureChoice['terms']) => {
      const lab = new Lab(settings({ task: 'circles', layers: [], features: features(terms) }));
      lab.run(1000);
      return lab.history[lab.history.length - 1].testAcc ?? 0;
    };
    assert.equal(accuracy(['x1^2', 'x2^2']), 1);
    assert.ok(accuracy(['x1', 'x2']) < 0.75);
  });

  it('use x for 1-D functions and drop the terms in x2', async () => {
    const lab = await Lab.open(
      settings({ task: 'function', expression: 'x^2', features: features(['x1', 'x2', 'x1^2', 'sin(x2)']) }),
    );
    assert.deepEqual(lab.data.featureNames, ['x', 'x²']);
    assert.deepEqual(lab.data.features, { inputs: ['x'], terms: ['x', 'x^2'] });
    assert.equal(lab.model.nIn, 2);
  });

  it('replay a run with Fourier features to the same bits however its steps are split', () => {
    const s = settings({ task: 'moons', features: features(['x1', 'sin(x2)'], 3) });
    const a = new Lab(s);
    a.run(150);
    const b = new Lab(structuredClone(s));
    for (const n of [1, 7, 42, 100]) b.run(n);
    assert.equal(b.steps, 150);
    for (const [k, v] of Object.entries(a.model.getParams()))
      assert.deepEqual(Array.from(b.model.getParams()[k]), Array.from(v), k);
  });

  it('refuse a choice with no columns against the Features group', async () => {
    assert.throws(
      () => new Lab(settings({ features: features([]) })),
      (e: unknown) => e instanceof SettingsError && e.field === 'features' && /has no inputs/.test(e.message),
    );
    await assert.rejects(
      Lab.open(settings({ task: 'function', features: features(['x2']) })),
      (e: unknown) => e instanceof SettingsError && /tick x, x² or sin\(x\)/.test(e.message),
    );
  });

  it('record the features in the model file, which imports only into a run with the same ones', () => {
    const s = settings({ task: 'xor', features: features(['x1', 'x2', 'x1*x2']) });
    const lab = new Lab(s);
    lab.run(40);
    const text = lab.exportModel();
    const loaded = parseModel(text, 'model');
    assert.deepEqual(loaded.metadata.inputFeatures, { inputs: ['x1', 'x2'], terms: ['x1', 'x2', 'x1*x2'] });
    assert.deepEqual(loaded.metadata.featureNames, ['x1', 'x2', 'x1·x2']);
    const x = applyFeatures(lab.data.features, lab.data.raw.test.x);
    assert.deepEqual(
      Array.from(loaded.model.predict(x).data),
      Array.from(lab.model.predict(lab.data.test.x).data),
    );
    const carried = sanitize((loaded.metadata.training as { settings: unknown }).settings).settings;
    assert.deepEqual(carried.features, s.features);
    assert.equal(new Lab(carried).importModel(text), null);
    const other = new Lab(settings({ task: 'xor', features: features(['x1', 'x2', 'x1^2']) }));
    assert.match(other.importModel(text) ?? '', /choose the same input features first/);
    // The default run's file stays as before: raw inputs, no inputFeatures.
    assert.equal(parseModel(new Lab(settings({})).exportModel(), 'model').metadata.inputFeatures, undefined);
  });
});
