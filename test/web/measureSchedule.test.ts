/**
 * The playground's measurement schedule: loss records, health and probes fall
 * on step counts alone (never on how the steps were split into frames), thin
 * out as the run grows, and every probe falls on a recorded step.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  HEALTH_PER_DOUBLING,
  healthDue,
  Lab,
  PROBE_EVERY,
  PROBES_PER_DOUBLING,
  probeDue,
  RECORD_EVERY,
  RECORDS_PER_DOUBLING,
  recordDue,
} from '../../web/src/lab.js';
import { measureDue, measureInterval } from '../../web/src/measureSchedule.js';
import { DEFAULTS, type Settings } from '../../web/src/settings.js';

const settings = (patch: Partial<Settings>): Settings => ({ ...structuredClone(DEFAULTS), ...patch });
const dueSteps = (due: (s: number) => boolean, upTo: number): number[] =>
  Array.from({ length: upTo + 1 }, (_, s) => s).filter(due);

describe('measurement schedule', () => {
  it('measures every `every` steps, then perDoubling times per doubling of the run', () => {
    assert.deepEqual(
      dueSteps((s) => measureDue(s, 500, 2), 20000),
      [0, 500, 1000, 1500, 2000, 3000, 4000, 6000, 8000, 12000, 16000],
    );
    assert.equal(measureInterval(0, 20, 250), 20);
    assert.equal(measureInterval(9999, 20, 250), 20);
    assert.equal(measureInterval(10000, 20, 250), 40);
    assert.equal(measureInterval(1e6, 20, 250), 20 * 2 ** 7);
  });

  it('keeps perDoubling points in every doubling of a long run', () => {
    for (const [due, every, per] of [
      [recordDue, RECORD_EVERY, RECORDS_PER_DOUBLING],
      [healthDue, RECORD_EVERY, HEALTH_PER_DOUBLING],
      [probeDue, PROBE_EVERY, PROBES_PER_DOUBLING],
    ] as const) {
      const start = every * per;
      for (let k = 0; k < 6; k++) {
        const lo = start * 2 ** k;
        const n = dueSteps(due, 2 * lo - 1).filter((s) => s >= lo).length;
        assert.equal(n, per, `points in [${lo}, ${2 * lo})`);
      }
    }
  });

  it('puts every probe on a recorded step (the probes run with the record)', () => {
    for (let s = 0; s <= 2_000_000; s += RECORD_EVERY) if (probeDue(s)) assert.ok(recordDue(s), `step ${s}`);
  });

  it('records the same steps and values however the run is split into frames', () => {
    const steps = 2 * PROBE_EVERY * PROBES_PER_DOUBLING + 1000;
    const whole = new Lab(settings({}));
    whole.run(steps);
    const framed = new Lab(settings({}));
    for (let left = steps, n = 1; left > 0; n = (n * 7 + 3) % 401) left -= framed.run(Math.min(left, n + 1));
    assert.equal(framed.steps, whole.steps);
    assert.deepEqual(framed.history, whole.history);
    assert.deepEqual(framed.health, whole.health);
    assert.deepEqual(framed.probes, whole.probes);
    assert.deepEqual(framed.model.getParams(), whole.model.getParams());
    assert.deepEqual(
      whole.probes.map((p) => p.step),
      dueSteps(probeDue, steps),
    );
    assert.deepEqual(
      whole.history.map((p) => p.step),
      dueSteps(recordDue, steps),
    );
    assert.deepEqual(
      whole.health.map((p) => p.step),
      dueSteps(healthDue, steps).filter((s) => s > 0),
    );
  });
});
