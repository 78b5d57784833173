/**
 * A warm training step allocates no arrays, views or objects: V8's sampling
 * heap profiler (bench/allocations.ts) sees only a few boxed numbers per step.
 * Before the allocation work W3's step made about 4.8 KB of garbage (argument
 * arrays per split product, a view per large copy, float arguments into wasm
 * boxed per call); now about 100 B. The bound leaves room for JIT variation
 * and fails on any per-step array or per-parameter boxing coming back.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measureAllocations } from '../../bench/allocations.js';

const MAX_BYTES_PER_STEP = 512;

describe('allocations per training step', () => {
  for (const id of ['W1', 'W2', 'W3'] as const) {
    it(`${id}: under ${MAX_BYTES_PER_STEP} bytes per warm step`, async () => {
      const a = await measureAllocations(id, 300);
      const top = a.sites
        .slice(0, 3)
        .map((s) => `${s.bytesPerStep.toFixed(0)} B ${s.where}`)
        .join('; ');
      assert.ok(a.bytesPerStep < MAX_BYTES_PER_STEP, `${a.bytesPerStep.toFixed(0)} B per step: ${top}`);
    });
  }
});
