/**
 * The health and probe records the playground's panels draw, from a real run:
 * measured on the steps the Lab says, in range, and telling the story the
 * panels claim (on XOR the last hidden layer becomes linearly decodable, the
 * input never is).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { healthDue, Lab, PROBE_EVERY, probeDue, RECORD_EVERY } from '../../web/src/lab.js';
import { DEFAULTS, type Settings } from '../../web/src/settings.js';

const settings = (patch: Partial<Settings>): Settings => ({ ...structuredClone(DEFAULTS), ...patch });

describe('playground health and probes', () => {
  const lab = new Lab(settings({ noise: 0, samples: 200 }));
  lab.run(2 * PROBE_EVERY + 1000);

  it('records per-layer gradient norms, update ratios and dead units every recording interval', () => {
    assert.equal(
      lab.health.length,
      Array.from({ length: lab.steps }, (_, i) => i + 1).filter(healthDue).length,
    );
    for (const h of lab.health) {
      assert.ok(healthDue(h.step));
      assert.equal(h.step % RECORD_EVERY, 0);
      assert.deepEqual(
        h.layers.map((l) => l.path),
        ['0.weight', '2.weight', '4.weight'],
      );
      for (const l of h.layers) {
        assert.ok(l.gradNorm >= 0 && Number.isFinite(l.gradNorm));
        assert.ok(l.updateRatio !== null && l.updateRatio > 0 && l.updateRatio < 1, `ratio ${l.updateRatio}`);
      }
      for (const a of h.activations)
        assert.ok(a.deadFraction !== null && a.deadFraction >= 0 && a.deadFraction <= 1);
    }
  });

  it('probes the input and each hidden layer; XOR becomes linearly decodable in the last one only', () => {
    assert.deepEqual(
      lab.probes.map((p) => p.step),
      Array.from({ length: lab.steps / PROBE_EVERY + 1 }, (_, i) => i * PROBE_EVERY).filter(probeDue),
    );
    const last = lab.probes[lab.probes.length - 1].layers;
    assert.deepEqual(
      last.map((l) => l.layer),
      ['input', '1', '3'],
    );
    assert.ok(last[0].testAccuracy < 0.8, `input probe ${last[0].testAccuracy}`);
    assert.ok(
      last[2].testAccuracy > 0.9 && last[2].testAccuracy > last[0].testAccuracy + 0.3,
      `input probe ${last[0].testAccuracy}, last hidden layer probe ${last[2].testAccuracy}`,
    );
  });

  it('starts the records over from an imported model', () => {
    const fresh = new Lab(settings({ noise: 0, samples: 200 }));
    fresh.run(PROBE_EVERY + RECORD_EVERY);
    assert.equal(fresh.importModel(lab.exportModel()), null);
    assert.equal(fresh.health.length, 0);
    assert.equal(fresh.probes.length, 1);
    assert.deepEqual(fresh.probes[0].layers, lab.probes[lab.probes.length - 1].layers);
  });

  it('records no probes for a regression task', async () => {
    const r = await Lab.open(settings({ task: 'function', expression: 'x^2', loss: 'mse' }));
    r.run(PROBE_EVERY);
    assert.equal(r.probes.length, 0);
    assert.equal(r.health.length, PROBE_EVERY / RECORD_EVERY);
  });
});
