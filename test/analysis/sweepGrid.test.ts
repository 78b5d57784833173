import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandGrid, expandValue } from '../../src/analysis/sweep/grid.js';
import { canonicalJson, type FitJobOptions, jobKey, runFitJob } from '../../src/analysis/sweep/job.js';
import { formatRow, parseRows } from '../../src/analysis/sweep/rows.js';

describe('sweep grid expansion', () => {
  it('expands braces like bash, including several groups and nesting', () => {
    assert.deepEqual(expandValue('1-{8,16,32}-1'), ['1-8-1', '1-16-1', '1-32-1']);
    assert.deepEqual(expandValue('{1,2}-{a,b}'), ['1-a', '1-b', '2-a', '2-b']);
    assert.deepEqual(expandValue('x{1,{2,3}}'), ['x1', 'x2', 'x3']);
  });

  it('splits top-level comma lists but not commas inside parentheses', () => {
    assert.deepEqual(expandValue('relu,tanh'), ['relu', 'tanh']);
    assert.deepEqual(expandValue('max(x,0),sin({3,5}*x)'), ['max(x,0)', 'sin(3*x)', 'sin(5*x)']);
  });

  it('expands integer ranges, ascending, descending and inside braces', () => {
    assert.deepEqual(expandValue('0..4'), ['0', '1', '2', '3', '4']);
    assert.deepEqual(expandValue('2..0'), ['2', '1', '0']);
    assert.deepEqual(expandValue('1-{1..3}-1'), ['1-1-1', '1-2-1', '1-3-1']);
    assert.deepEqual(expandValue('-1..1'), ['-1', '0', '1']);
  });

  it('uses another separator for values that hold commas, and drops repeats', () => {
    assert.deepEqual(expandValue('-1,1;-3,3', ';'), ['-1,1', '-3,3']);
    assert.deepEqual(expandValue('-1,1', ';'), ['-1,1']);
    assert.deepEqual(expandValue('1,2,1..3'), ['1', '2', '3']);
  });

  it('rejects an unclosed brace and absurd ranges', () => {
    assert.throws(() => expandValue('1-{8,16-1'), /never closes/);
    assert.throws(() => expandValue('0..1000000'), /more than a sweep can run/);
  });

  it('takes the Cartesian product with the last option varying fastest', () => {
    const jobs = expandGrid<string | boolean>({ arch: ['a', 'b'], seed: ['0', '1', '2'], residual: [true] });
    assert.equal(jobs.length, 6);
    assert.deepEqual(jobs[0], { arch: 'a', seed: '0', residual: true });
    assert.deepEqual(jobs[1], { arch: 'a', seed: '1', residual: true });
    assert.deepEqual(jobs[5], { arch: 'b', seed: '2', residual: true });
  });
});

const base: FitJobOptions = {
  data: { target: 'sin(5*x)', domain: [[-1, 1]], samples: 128, testRatio: 0.25, standardize: true },
  arch: [1, 8, 1],
  activation: 'tanh',
  norm: 'none',
  pDrop: 0,
  residual: false,
  optimizer: 'adam',
  lr: 0.01,
  schedule: { kind: 'cosine' },
  warmup: 0,
  epochs: 5,
  batchSize: 32,
  weightDecay: 0,
  seed: 3,
};

describe('sweep job keys', () => {
  it('is a fixed function of the options: a changed hash would orphan every existing results file', () => {
    assert.equal(jobKey(base), jobKey(JSON.parse(JSON.stringify(base)) as FitJobOptions));
    assert.match(jobKey(base), /^[0-9a-f]{32}$/);
    assert.equal(jobKey(base), '8a7d760f5521b1c2e9b084fccadd4daf');
  });

  it('ignores key order and undefined fields, and changes with any value', () => {
    const reordered = Object.fromEntries(Object.entries(base).reverse()) as unknown as FitJobOptions;
    assert.equal(jobKey(reordered), jobKey(base));
    assert.equal(jobKey({ ...base, clipNorm: undefined }), jobKey(base));
    const keys = new Set([
      jobKey(base),
      jobKey({ ...base, seed: 4 }),
      jobKey({ ...base, lr: 0.02 }),
      jobKey({ ...base, arch: [1, 16, 1] }),
      jobKey({ ...base, data: { ...base.data, target: 'sin(3*x)' } }),
    ]);
    assert.equal(keys.size, 5);
    assert.equal(canonicalJson({ b: 1, a: [2, { d: 3, c: undefined }] }), '{"a":[2,{"d":3}],"b":1}');
  });
});

describe('sweep rows', () => {
  it('reads complete rows and reports a torn last line instead of failing', async () => {
    const metrics = await runFitJob(base);
    const row = { key: jobKey(base), options: base, metrics, wallTimeSec: 0.1, worker: 'test' };
    const text = formatRow(row) + formatRow({ ...row, key: 'k2' });
    const torn = text + formatRow(row).slice(0, 40);
    const parsed = parseRows(torn);
    assert.deepEqual(
      parsed.rows.map((r) => r.key),
      [row.key, 'k2'],
    );
    assert.equal(parsed.tornChars, 40);
    assert.equal(parseRows(text).tornChars, 0);
    assert.throws(() => parseRows('{"a":1}\n', 'f.jsonl'), /f\.jsonl line 1 is not a sweep row/);
  });

  it('runFitJob trains: more epochs fit the target better, the same options give the same bits', async () => {
    const short = await runFitJob(base);
    const again = await runFitJob(base);
    const long = await runFitJob({ ...base, epochs: 200 });
    assert.deepEqual(again, short);
    assert.equal(short.epochs, 5);
    assert.equal(short.params, 25);
    assert.ok(long.test.rmse! < short.test.rmse! / 2, `${long.test.rmse} vs ${short.test.rmse}`);
  });

  it('runFitJob refuses an --arch that does not match the data, naming both', async () => {
    await assert.rejects(
      runFitJob({ ...base, arch: [2, 8, 1] }),
      /--arch 2-8-1 does not match the data: it has 1 inputs/,
    );
  });
});
