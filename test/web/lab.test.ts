/**
 * The playground's engine side in Node: the settings it accepts from a link,
 * the link's encoding, and the run itself, which must give the same weights
 * however its steps are split into frames (that is what makes a shared link
 * replay bit for bit).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SYNTHETIC, SYNTHETIC_NAMES } from '../../src/data/synthetic.js';
import { Lab, SettingsError } from '../../web/src/lab.js';
import { DEFAULTS, type Settings, SYNTHETIC_KINDS, sanitize } from '../../web/src/settings.js';
import { decodeState, encodeState, URL_LIMIT } from '../../web/src/share.js';

const settings = (patch: Partial<Settings>): Settings => ({ ...structuredClone(DEFAULTS), ...patch });

describe('playground settings', () => {
  it("list every synthetic set with the library's kind", () => {
    assert.deepEqual(Object.fromEntries(SYNTHETIC_NAMES.map((n) => [n, SYNTHETIC[n].kind])), {
      ...SYNTHETIC_KINDS,
    });
  });

  it('keep valid fields from untrusted JSON and name the rest', () => {
    const { settings: s, ignored } = sanitize({
      task: 'moons',
      lr: 0.1,
      samples: -3,
      layers: [{ units: 1e9, activation: 'relu' }],
      optimizer: 'sgd',
      points: [{ x: 0, y: 0, c: 1 }],
    });
    assert.equal(s.task, 'moons');
    assert.equal(s.lr, 0.1);
    assert.equal(s.optimizer, 'sgd');
    assert.equal(s.samples, DEFAULTS.samples);
    assert.deepEqual(s.layers, DEFAULTS.layers);
    assert.deepEqual(s.points, [{ x: 0, y: 0, c: 1 }]);
    assert.deepEqual(ignored.sort(), ['layers', 'samples']);
    assert.deepEqual(sanitize('nonsense').ignored, ['the whole state (not an object)']);
  });
});

describe('playground links', () => {
  it('round-trip settings and step count through the fragment', () => {
    const s = settings({ task: 'spirals', classes: 3, seed: 7, points: [{ x: 0.5, y: -0.25, c: 2 }] });
    const hash = encodeState({ settings: s, steps: 1234 });
    assert.ok(hash.length < URL_LIMIT);
    const back = decodeState(`#${hash}`);
    assert.deepEqual(back, { state: { settings: s, steps: 1234 }, ignored: [] });
  });

  it('say why a malformed fragment cannot be read, and ignore fragments that hold no state', () => {
    assert.equal(decodeState('#other'), null);
    assert.throws(() => decodeState('#s=!!!'), /cannot be read/);
    assert.throws(() => decodeState('#s=AAAA'), /cannot be read/);
  });
});

describe('a playground run', () => {
  it('gives the same weights and losses however its steps are split', () => {
    const s = settings({
      task: 'moons',
      dropout: 0.1,
      layers: [
        { units: 6, activation: 'tanh' },
        { units: 5, activation: 'relu' },
      ],
    });
    const a = new Lab(s);
    a.run(137);
    const b = new Lab(s);
    for (const n of [1, 2, 50, 3, 81]) b.run(n);
    assert.equal(b.steps, 137);
    assert.deepEqual(b.model.getParams(), a.model.getParams());
    assert.deepEqual(b.history, a.history);
  });

  it('builds each hidden layer with its own activation from the same initial weights', () => {
    const mixed = new Lab(
      settings({
        layers: [
          { units: 4, activation: 'relu' },
          { units: 3, activation: 'tanh' },
        ],
      }),
    );
    const plain = new Lab(
      settings({
        layers: [
          { units: 4, activation: 'relu' },
          { units: 3, activation: 'relu' },
        ],
      }),
    );
    const names = (lab: Lab) => lab.model.activationLayers().map((l) => l.spec());
    assert.deepEqual(
      names(mixed).map((spec) => (spec.kind === 'activation' ? spec.activation : null)),
      ['relu', 'tanh'],
    );
    assert.equal(names(plain).length, 2);
    assert.deepEqual(mixed.model.getParams(), plain.model.getParams());
  });

  it('stops by itself at its epoch limit and at its loss target', async () => {
    const byEpochs = new Lab(settings({ samples: 100, batchSize: 10, stopEpochs: 3 }));
    assert.equal(byEpochs.run(10_000), 21);
    assert.equal(byEpochs.epoch, 3);
    const byLoss = await Lab.open(
      settings({ task: 'function', expression: 'abs(x)', loss: 'mse', lossTarget: 0.01 }),
    );
    const ran = byLoss.run(20_000);
    assert.ok(ran < 20_000 && byLoss.done, `ran ${ran} steps`);
    assert.ok(byLoss.history[byLoss.history.length - 1].train <= 0.01);
    assert.equal(byLoss.run(100), 0);
  });

  it('reports a bad expression against the expression field', async () => {
    await assert.rejects(
      Lab.open(settings({ task: 'function', expression: 'sin(3*x' })),
      (e: unknown) => e instanceof SettingsError && e.field === 'expression',
    );
  });

  it('stops at a diverging step and restores the last good weights', () => {
    const lab = new Lab(
      settings({
        task: 'plane',
        loss: 'mse',
        optimizer: 'sgd',
        lr: 10,
        layers: [{ units: 16, activation: 'relu' }],
      }),
    );
    lab.run(5000);
    const diverged = lab.diverged;
    assert.ok(diverged, 'an SGD learning rate of 10 should overflow');
    assert.ok(lab.done);
    const back = lab.restoreLastGood();
    assert.ok(back <= diverged.step, `restored step ${back}, diverged at ${diverged.step}`);
    assert.equal(lab.diverged, null);
    assert.ok(Number.isFinite(lab.metrics(lab.data.train).loss));
  });
});
