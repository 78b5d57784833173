/**
 * Weights set by hand in the playground: recorded with their step in the
 * settings, replayed at that step by a new run (so a link reproduces the same
 * weights and losses to the bit), refused when they name no parameter.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseModel } from '../../src/io/modelFile.js';
import { kinkBias, parseEditValue, sanitizeEdits } from '../../web/src/handEdits.js';
import { Lab, SettingsError } from '../../web/src/lab.js';
import { DEFAULTS, type Settings, sanitize } from '../../web/src/settings.js';
import { decodeState, encodeState } from '../../web/src/share.js';

const settings = (patch: Partial<Settings>): Settings => ({ ...structuredClone(DEFAULTS), ...patch });

function editedRun(): Lab {
  const a = new Lab(settings({ task: 'moons', dropout: 0.1 }));
  a.run(37);
  assert.ok(Array.isArray(a.edit('0.weight', 3, 0.75)));
  assert.equal(a.model.getParams()['0.weight'][3], 0.75);
  a.run(23);
  assert.ok(Array.isArray(a.edit('3.bias', 5, -1.5)));
  assert.ok(Array.isArray(a.edit('6.bias', 0, 2)));
  return a;
}

describe('hand edits', () => {
  it('set the entry at once and are recorded with their step, in order', () => {
    const a = editedRun();
    assert.equal(a.model.getParams()['6.bias'][0], 2);
    assert.deepEqual(a.settings.edits, [
      { step: 37, param: '0.weight', index: 3, value: 0.75 },
      { step: 60, param: '3.bias', index: 5, value: -1.5 },
      { step: 60, param: '6.bias', index: 0, value: 2 },
    ]);
  });

  it('replay from the settings at the same steps to the same weights and losses, however the steps are split', () => {
    const a = editedRun();
    a.run(40);
    const plain = new Lab(settings({ task: 'moons', dropout: 0.1 }));
    plain.run(100);
    assert.notDeepEqual(plain.model.getParams(), a.model.getParams(), 'the edits change the run');
    // Through a link, as the page replays it.
    const { state } =
      decodeState(`#${encodeState({ settings: a.settings, steps: a.steps })}`) ?? assert.fail();
    const b = new Lab(state.settings);
    for (const n of [10, 27, 1, 22, 40]) b.run(n);
    assert.equal(b.steps, 100);
    assert.deepEqual(b.model.getParams(), a.model.getParams());
    assert.deepEqual(b.history, a.history);
    assert.deepEqual(b.health, a.health);
  });

  it('made at the last step of a link, are in the weights once the replay reaches it', () => {
    const a = editedRun();
    const b = new Lab(a.settings);
    b.run(60);
    assert.deepEqual(b.model.getParams(), a.model.getParams());
    const atZero = new Lab(settings({ task: 'xor' }));
    atZero.edit('0.bias', 1, 0.5);
    assert.equal(new Lab(atZero.settings).model.getParams()['0.bias'][1], 0.5);
  });

  it('are in the exported model file', () => {
    const a = editedRun();
    const file = parseModel(a.exportModel(), 'export');
    assert.equal(file.model.getParams()['3.bias'][5], -1.5);
    assert.deepEqual(file.model.getParams(), a.model.getParams());
  });

  it('that name no parameter or entry are refused with the reason', () => {
    const a = new Lab(settings({}));
    assert.match(String(a.edit('9.weight', 0, 1)), /no parameter 9\.weight/);
    assert.match(String(a.edit('0.weight', 16, 1)), /0\.weight has 16 values, so it has no entry 16/);
    assert.match(String(a.edit('0.weight', 0, Number.NaN)), /finite number/);
    assert.deepEqual(a.settings.edits, []);
    assert.throws(
      () => new Lab(settings({ edits: [{ step: 0, param: '7.bias', index: 0, value: 1 }] })),
      (e: unknown) => e instanceof SettingsError && e.field === 'network' && /hand edit 1/.test(e.message),
    );
  });

  it('from untrusted JSON are kept in step order when well-formed, and named when not', () => {
    const good = [
      { step: 5, param: '2.bias', index: 0, value: 1 },
      { step: 0, param: '0.weight', index: 1, value: -2 },
    ];
    assert.deepEqual(sanitize({ edits: good }).settings.edits, [good[1], good[0]]);
    for (const bad of [
      { x: 1 },
      [{ ...good[0], value: 'big' }],
      [{ ...good[0], step: -1 }],
      [{ ...good[0], param: 'a b' }],
    ])
      assert.deepEqual(sanitize({ edits: bad }).ignored, ['edits']);
    assert.deepEqual(sanitizeEdits([]), []);
  });

  it('read typed values strictly and put a kink where it is dragged', () => {
    assert.equal(parseEditValue(' -1.5e-2 '), -0.015);
    for (const t of ['', 'abc', '1/2', 'Infinity', '1e9']) assert.equal(parseEditValue(t), null, t);
    assert.equal(0.8 * 0.25 + kinkBias(0.8, 0.25), 0);
  });
});
