/** Sampled counts are lower bounds that find only enumerated regions; the sliver tolerance and the region limit do what they say. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RegionLimitError } from '../../src/analysis/regions/enumerate.js';
import { linearRegions1d, linearRegionsOnLine } from '../../src/analysis/regions/regions1d.js';
import { linearRegions2d, linearRegionsOnPlane } from '../../src/analysis/regions/regions2d.js';
import {
  gridPatterns,
  sampleRegionsOnGrid,
  sampleRegionsOnLine,
} from '../../src/analysis/regions/sampled.js';
import { Activation } from '../../src/nn/activationLayer.js';
import { Linear } from '../../src/nn/linear.js';
import { Sequential } from '../../src/nn/sequential.js';
import { randomNet } from './regionsHelpers.js';

const square = { x: [-2, 2] as [number, number], y: [-2, 2] as [number, number] };

describe('sampled counts and limits', () => {
  it('a grid sees a subset of the enumerated regions, and says it is a lower bound', () => {
    const model = randomNet([2, 8, 8, 1], 61);
    const exact = linearRegions2d(model, square);
    const patterns = new Set(exact.regions.map((r) => r.pattern));
    const coarse = sampleRegionsOnGrid(model, square, { resolution: 20 });
    const { seen } = gridPatterns(model, square, { resolution: 400 });
    for (const p of seen.keys()) assert.ok(patterns.has(p));
    assert.ok(
      coarse.patterns < seen.size && seen.size <= exact.count,
      `${coarse.patterns} < ${seen.size} ≤ ${exact.count}`,
    );
    assert.equal(coarse.samples, 400);
    assert.deepEqual(coarse.spacing, [0.2, 0.2]);
    assert.equal(coarse.lowerBound, true);
    assert.match(coarse.note, /lower bound/);
    // The regions the coarse grid misses are the small ones.
    const missed = exact.regions.filter(
      (r) => !gridPatterns(model, square, { resolution: 20 }).seen.has(r.pattern),
    );
    assert.ok(missed.length > 0);
  });

  it('a line’s sampled pieces never exceed the exact pieces along it', () => {
    const model = randomNet([3, 10, 10, 2], 62);
    const a = [-1, 0.5, 2];
    const b = [2, -1, -1];
    const exact = linearRegionsOnLine(model, a, b).pieces.length;
    for (const samples of [10, 100, 100000]) {
      const s = sampleRegionsOnLine(model, a, b, { samples });
      assert.ok(s.pieces <= exact && s.patterns <= s.pieces, `${samples}: ${s.pieces} ≤ ${exact}`);
    }
    assert.equal(sampleRegionsOnLine(model, a, b, { samples: 100000 }).pieces, exact);
  });

  it('the grid samples a plane through three inputs as the exact map does', () => {
    const model = randomNet([4, 6, 6, 1], 63);
    const [A, B, C] = [
      [0, 1, 0, 1],
      [1, 0, -1, 0],
      [-1, 0, 0, 1],
    ];
    const exact = new Set(linearRegionsOnPlane(model, A, B, C).regions.map((r) => r.pattern));
    const { seen } = gridPatterns(model, undefined, { plane: [A, B, C], resolution: 100 });
    for (const p of seen.keys()) assert.ok(exact.has(p));
  });

  it('two cuts closer than the tolerance make one boundary; with tolerance 0 the sliver is a region', () => {
    const gap = 1e-12;
    const model = new Sequential([
      new Linear(1, 2, { dtype: 'float64' }).setWeights([[1], [1]], [0, -gap]),
      new Activation(2, 'relu', 'float64'),
      new Linear(2, 1, { dtype: 'float64' }).setWeights([[1, 1]], [0]),
    ]);
    assert.equal(linearRegions1d(model, -1, 1).pieces.length, 2);
    assert.equal(linearRegions1d(model, -1, 1, { tolerance: 0 }).pieces.length, 3);
  });

  it('past maxRegions the count stops with a RegionLimitError pointing to sampled counts', () => {
    const model = randomNet([2, 8, 8, 1], 64);
    assert.throws(
      () => linearRegions2d(model, square, { maxRegions: 5 }),
      (e: unknown) => e instanceof RegionLimitError && /sampled count/.test(e.message),
    );
  });
});
