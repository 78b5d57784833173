/**
 * The guided tours' numbers, measured in Node by the same module the worker
 * runs: each claim must come out as the project states it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spectralPresets } from '../../src/analysis/experiments/spectral.js';
import { setLang, t } from '../../web/src/i18n.js';
import { HINGE_COUNTS, SAWTOOTH_DEPTHS, TOUR_MEASURES } from '../../web/src/tourMeasures.js';
import { TOUR_IDS, TOURS } from '../../web/src/tours.js';

describe('guided tours', () => {
  it('have a title and an explanation in both languages, and a measurement', () => {
    for (const id of TOUR_IDS) {
      const tour = TOURS[id];
      for (const l of ['en', 'zh'] as const)
        assert.ok(tour.title[l].length > 3 && tour.text[l].length > 40, `${id} ${l}`);
      assert.equal(typeof TOUR_MEASURES[id], 'function');
    }
  });

  it('linear collapse: the identity net stays below 100% on XOR, ReLU reaches it, and the map is 2 → 1', () => {
    const m = TOUR_MEASURES.collapse();
    assert.ok(m.rows[0].value <= 0.75, `identity accuracy ${m.rows[0].value}`);
    assert.equal(m.rows[1].value, 1);
    assert.equal(m.collapsed?.weight.length, 1);
    assert.equal(m.collapsed?.weight[0].length, 2);
  });

  it('|x|, max and the gates from hand-set weights have error exactly 0', () => {
    for (const id of ['absMax', 'gates', 'bumps'] as const)
      for (const r of TOUR_MEASURES[id]().rows) assert.equal(r.value, r.expected, `${id}: ${r.label}`);
    assert.equal(TOUR_MEASURES.gates().rows.length, 3);
  });

  it('the deep sawtooth and the shallow one both have 2^d pieces, with 2d against 2^d units', () => {
    const rows = TOUR_MEASURES.telgarsky().rows;
    assert.equal(rows.length, 2 * SAWTOOTH_DEPTHS.length);
    SAWTOOTH_DEPTHS.forEach((d, i) => {
      assert.equal(rows[2 * i].value, 2 ** d);
      assert.equal(rows[2 * i + 1].value, 2 ** d);
    });
  });

  it('k hinges approximate x² with sup error 1/k²', () => {
    const rows = TOUR_MEASURES.hinges().rows;
    HINGE_COUNTS.forEach((k, i) => {
      assert.ok(Math.abs(rows[i].value - 1 / k ** 2) < 1e-6, `k=${k}: ${rows[i].value}`);
    });
  });

  it('spectral bias: frequencies are half learned in rising order and the highest at least twice as late as the lowest', () => {
    const steps = TOUR_MEASURES.spectral().rows.map((r) => r.value);
    // Neighbouring low frequencies may cross by Adam's noise; the library's own claim allows two recording intervals.
    const slack = 2 * spectralPresets.test.every;
    for (let i = 1; i < steps.length; i++) assert.ok(steps[i] + slack >= steps[i - 1], steps.join(', '));
    assert.ok(steps[steps.length - 1] >= 2 * steps[0], steps.join(', '));
  });

  it('label every result row in English and Chinese, with every placeholder filled', () => {
    // i18n's setLang marks the document's language; Node has no document, so it gets a stand-in.
    const g = globalThis as { document?: unknown };
    const had = g.document;
    g.document ??= { documentElement: {} };
    try {
      for (const id of TOUR_IDS)
        for (const r of TOUR_MEASURES[id]().rows) {
          setLang('en');
          const en = t(r.label, r.vars);
          setLang('zh');
          const zh = t(r.label, r.vars);
          assert.ok(en.length > 3 && !/[{}]/.test(en), `${id}: ${en}`);
          assert.ok(/[\u4e00-\u9fff]/.test(zh) && !/[{}]/.test(zh), `${id}: ${zh}`);
          for (const v of Object.values(r.vars ?? {}))
            assert.ok(zh.includes(String(v)), `${id}: ${zh} lacks ${v}`);
        }
    } finally {
      setLang('en');
      g.document = had;
    }
  });
});
