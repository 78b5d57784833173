/**
 * The hidden-space view's data: a two-unit layer shown as it is, a wider one
 * on its principal axes, and the linear fit telling input space (XOR: not
 * separable) from a trained net's last layer (separable).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hiddenSpace } from '../../web/src/hiddenSpace.js';
import { Lab } from '../../web/src/lab.js';
import { DEFAULTS, type Settings } from '../../web/src/settings.js';

const settings = (patch: Partial<Settings>): Settings => ({ ...structuredClone(DEFAULTS), ...patch });

describe('hidden space', () => {
  it('shows a two-unit layer directly: the coordinates are its activations', () => {
    const lab = new Lab(settings({ layers: [{ units: 2, activation: 'relu' }] }));
    const { train } = lab.data;
    const h = hiddenSpace(lab.model, train.x, train.y, 0, 2);
    const post = lab.model.traceActivations(train.x)[0].post;
    assert.equal(h.axes, 'direct');
    assert.deepEqual(Array.from(h.xy), Array.from(post.data));
  });

  it('projects a wider layer on its two principal axes, where a linear fit on all its units separates XOR', () => {
    const lab = new Lab(settings({ noise: 0, samples: 200 }));
    lab.run(1500);
    const { train } = lab.data;
    const h = hiddenSpace(lab.model, train.x, train.y, 1, 2);
    assert.equal(h.axes, 'pca');
    assert.equal(h.width, 8);
    assert.ok(h.explained > 0.5 && h.explained <= 1 + 1e-9, `explained ${h.explained}`);
    // The projected coordinates are centred: their mean is 0 on both axes.
    let mx = 0;
    let my = 0;
    for (let i = 0; i < h.xy.length / 2; i++) {
      mx += h.xy[2 * i];
      my += h.xy[2 * i + 1];
    }
    assert.ok(Math.abs(mx) < 1e-3 * h.xy.length && Math.abs(my) < 1e-3 * h.xy.length);
    assert.ok(h.fit && h.fit.accuracy >= 0.5 && h.fit.accuracy <= 1);
    assert.ok(h.fullAccuracy !== null && h.fullAccuracy > 0.9, `last layer, all units: ${h.fullAccuracy}`);
  });

  it('fits three classes with softmax regression, in the picture and on all of the layer', () => {
    const lab = new Lab(settings({ task: 'gaussians', classes: 3, samples: 150 }));
    lab.run(300);
    const { train } = lab.data;
    const h = hiddenSpace(lab.model, train.x, train.y, 1, 3);
    assert.ok(h.fit?.kind === 'classes');
    assert.equal(h.fit.weights.length, 3);
    assert.ok(h.fit.accuracy > 0.9, `picture: ${h.fit.accuracy}`);
    assert.ok(h.fullAccuracy !== null && h.fullAccuracy > 0.9, `all units: ${h.fullAccuracy}`);
  });
});
