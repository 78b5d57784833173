import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTarget } from '../../src/data/expression.js';

async function rejectsMatching(expr: string, pattern: RegExp, variables?: string[]): Promise<void> {
  await assert.rejects(parseTarget(expr, variables), (err: unknown) => {
    assert.ok(err instanceof Error, 'must throw an Error');
    assert.match(err.message, pattern);
    assert.ok(!err.message.includes('\n'), `message must be one line: ${err.message}`);
    return true;
  });
}

describe('parseTarget values', () => {
  it('evaluates a 1-D expression like Math does', async () => {
    const t = await parseTarget('sin(3*x) + abs(x)');
    assert.deepEqual(t.variables, ['x']);
    assert.equal(t.arity, 1);
    for (const x of [-2, -0.3, 0, 0.7, 5]) assert.equal(t.evaluate(x), Math.sin(3 * x) + Math.abs(x));
  });

  it('orders variables x before y whatever order they appear in', async () => {
    const t = await parseTarget('y^2 - x / 4');
    assert.deepEqual(t.variables, ['x', 'y']);
    assert.equal(t.arity, 2);
    assert.equal(t.evaluate(2, 3), 9 - 0.5);
  });

  it('knows pi, e and tau, implicit multiplication, mod and precedence', async () => {
    assert.equal((await parseTarget('pi*x')).evaluate(2), 2 * Math.PI);
    assert.equal((await parseTarget('e^x')).evaluate(1), Math.E ** 1);
    assert.equal((await parseTarget('tau + 0*x')).evaluate(0), 2 * Math.PI);
    assert.equal((await parseTarget('3x^2')).evaluate(2), 12);
    assert.equal((await parseTarget('-x^2')).evaluate(3), -9);
    assert.equal((await parseTarget('x mod 3')).evaluate(-1), 2);
    assert.equal((await parseTarget('2^3^2 + 0*x')).evaluate(0), 512);
  });

  it('supports comparisons and the conditional operator for piecewise targets', async () => {
    const t = await parseTarget('x > 0 ? x : 0.1*x');
    assert.equal(t.evaluate(2), 2);
    assert.equal(t.evaluate(-2), -0.2);
    assert.equal((await parseTarget('(x >= 1) * 5')).evaluate(1), 5);
    assert.equal((await parseTarget('(x >= 1) * 5')).evaluate(0.5), 0);
  });

  it('has multi-argument and ML-flavoured functions', async () => {
    assert.equal((await parseTarget('max(x, y, 0)')).evaluate(-1, -2), 0);
    assert.equal((await parseTarget('hypot(x, y)')).evaluate(3, 4), 5);
    assert.equal((await parseTarget('log(x, 2)')).evaluate(8), 3);
    assert.equal((await parseTarget('relu(x) + step(x)')).evaluate(-3), 0);
    assert.equal((await parseTarget('relu(x) + step(x)')).evaluate(2), 3);
    assert.equal((await parseTarget('sigmoid(x)')).evaluate(0), 0.5);
  });

  it('treats a constant expression as a function of the first variable', async () => {
    const t = await parseTarget('2 * pi');
    assert.deepEqual(t.variables, ['x']);
    assert.equal(t.evaluate(123), 2 * Math.PI);
  });

  it('returns NaN where the function is not real, for sampleTarget to report', async () => {
    assert.ok(Number.isNaN((await parseTarget('sqrt(x)')).evaluate(-1)));
    assert.ok(Number.isNaN((await parseTarget('x^0.5')).evaluate(-4)));
  });

  it('accepts other variable names when asked', async () => {
    const t = await parseTarget('t * s', ['s', 't']);
    assert.deepEqual(t.variables, ['s', 't']);
    assert.equal(t.evaluate(2, 5), 10);
  });
});

describe('parseTarget errors', () => {
  it('reports an empty expression', async () => {
    await rejectsMatching('', /empty target expression/);
    await rejectsMatching('   ', /empty target expression/);
    await rejectsMatching('# only a comment', /empty target expression/);
  });

  it('reports syntax errors with the character position', async () => {
    await rejectsMatching('sin(3*x', /cannot parse target "sin\(3\*x": .*at character 8/);
    await rejectsMatching('x + * 2', /cannot parse target .*at character \d+/);
    await rejectsMatching('x @ 2', /cannot parse target .*at character 3/);
  });

  it('reports unknown symbols and says which variables to use', async () => {
    await rejectsMatching('sin(z)', /unknown symbol "z".*use x and y/);
    await rejectsMatching('a*x', /unknown symbol "a".*use t/, ['t']);
    await rejectsMatching('2*i', /unknown symbol "i"/);
    await rejectsMatching('sin + x', /unknown symbol "sin".*sin is a function, write sin\(\.\.\.\)/);
  });

  it('reports unknown functions and lists the available ones', async () => {
    await rejectsMatching('foo(x)', /unknown function "foo".*available functions are .*sin/);
    await rejectsMatching('x(2)', /"x" is a variable, not a function/);
  });

  it('reports wrong argument counts', async () => {
    await rejectsMatching('sin(x, y)', /sin takes 1 argument, got 2/);
    await rejectsMatching('atan2(x)', /atan2 takes 2 arguments, got 1/);
  });

  it('rejects values that are not real numbers', async () => {
    await rejectsMatching('"abc"', /contains "abc": only numbers/);
    await rejectsMatching('true + x', /contains true: only numbers/);
    await rejectsMatching('null', /contains null/);
    await rejectsMatching('1e400 * x', /too large/);
  });

  it('rejects unsupported syntax', async () => {
    await rejectsMatching('[1, 2]', /uses arrays/);
    await rejectsMatching('x = 2', /uses assignments/);
    await rejectsMatching('f(x) = x^2', /uses function definitions/);
    await rejectsMatching('x; y', /several expressions/);
    await rejectsMatching('1:3', /ranges/);
    await rejectsMatching('0 < x < 1', /chained comparisons/);
    await rejectsMatching('x!', /operator "!"/);
    await rejectsMatching('x and y', /operator "and"/);
    await rejectsMatching('5 cm', /unknown symbol "cm"/);
  });

  it('rejects code-injection attempts without running them', async () => {
    // If any of these reached a JavaScript evaluator the test process would exit or throw differently.
    await rejectsMatching('process.exit(1)', /only named functions/);
    await rejectsMatching('constructor(1)', /unknown function "constructor"/);
    await rejectsMatching('toString(x)', /unknown function "toString"/);
    await rejectsMatching('__proto__(x)', /unknown function "__proto__"/);
    await rejectsMatching('x.constructor', /property access/);
    await rejectsMatching('sin.constructor("return process")', /property access|only named functions/);
    await rejectsMatching('x["constructor"]', /property access|indexing/);
    await rejectsMatching('hasOwnProperty', /unknown symbol "hasOwnProperty"/);
    await rejectsMatching('import("fs")', /unknown function "import"/);
    await rejectsMatching('evaluate("1+1")', /unknown function "evaluate"/);
  });

  it('rejects overlong input and bad variable names', async () => {
    await rejectsMatching(`${'x+'.repeat(1500)}x`, /too long/);
    await rejectsMatching('x', /cannot be a target variable/, ['pi']);
    await rejectsMatching('x', /cannot be a target variable/, ['a.b']);
  });
});
