import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runCli } from './run.js';

// From test/cli under tsx the root is two levels up; from dist/test/cli, three.
const root = import.meta.url.endsWith('.ts') ? '../../' : '../../../';
const pkg = JSON.parse(readFileSync(new URL(`${root}package.json`, import.meta.url), 'utf8')) as {
  version: string;
};

describe('mlp-lab basics', () => {
  it('--help lists the commands and exits 0', () => {
    const r = runCli(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: mlp-lab/);
    assert.match(r.stdout, /demo/);
  });

  it('--version prints the package version, then the native backend with its library and threads', () => {
    // CI installs OpenBLAS (.ci/run): without it this fails, naming why in the backend line.
    const r = runCli(['--version'], { env: { MLP_LAB_BLAS_THREADS: '1' } });
    assert.equal(r.code, 0);
    const [version, backend, blas, threads] = r.stdout.trim().split('\n');
    assert.equal(version, pkg.version);
    assert.match(backend, /^backend: native BLAS/, r.stdout);
    assert.match(blas, /^blas: \S*openblas/i);
    assert.equal(threads, 'blas threads: 1');
    const two = runCli(['--version'], { env: { MLP_LAB_BLAS_THREADS: '2' } });
    assert.equal(
      two.stdout.trim().split('\n')[3],
      'blas threads: 2 (1 for products of 262,144 to 3,000,000 multiply-adds)',
    );
  });

  it('--version with MLP_LAB_BLAS=off names the WebAssembly backend and why', () => {
    const r = runCli(['--version'], { env: { MLP_LAB_BLAS: 'off' } });
    assert.equal(r.code, 0);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      pkg.version,
      'backend: WebAssembly SIMD (no native BLAS: MLP_LAB_BLAS=off)',
    ]);
  });

  it('an unknown option exits 2 with a message on stderr', () => {
    const r = runCli(['--no-such-option']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option '--no-such-option'/);
  });

  it('an unknown demo exits 2 with one line naming the choices', () => {
    const r = runCli(['demo', 'no-such-demo']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /unknown demo 'no-such-demo'; choose one of: .*xor/);
  });
});

describe('mlp-lab demo', () => {
  it('xor (what npm start runs) checks its claims and they hold', () => {
    const r = runCli(['demo', 'xor']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /accuracy 100%/);
    assert.match(r.stdout, /All 6 claims hold/);
    assert.match(r.stdout, /outputs \[0,1,1,0\]/);
  });

  it('linear-collapse finds the network equal to one affine map', () => {
    const r = runCli(['demo', 'linear-collapse', '--seed', '4']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /folds it into one 2x3 matrix/);
    assert.match(r.stdout, /All 3 claims hold/);
  });
});
