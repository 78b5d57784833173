/**
 * The committed wasm (src/kernels/wasm/generated/) must be what asm/ compiles to
 * today: the build script recompiles the sources and compares byte for byte.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file whether it runs from test/ or dist/test/. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'scripts', 'build-wasm.mjs'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('scripts/build-wasm.mjs not found above the test file');
    dir = parent;
  }
  return dir;
}

describe('generated wasm', () => {
  it('equals a fresh compile of asm/ (else run `node scripts/build-wasm.mjs`)', () => {
    const run = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], {
      cwd: repoRoot(),
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr || run.stdout);
  });
});
