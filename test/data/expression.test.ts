import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTarget } from '../../src/data/expression.js';

function throwsMatching(expr: string, pattern: RegExp, variables?: string[]): void {
  assert.throws(
    () => parseTarget(expr, variables),
    (err: unknown) => {
      assert.ok(err instanceof Error, 'must throw an Error');
      assert.match(err.message, pattern);
      assert.ok(!err.message.includes('\n'), `message must be one line: ${err.message}`);
      return true;
    },
  );
}

describe('parseTarget values', () => {
  it('evaluates a 1-D expression like Math does', () => {
    const t = parseTarget('sin(3*x) + abs(x)');
    assert.deepEqual(t.variables, ['x']);
    assert.equal(t.arity, 1);
    for (const x of [-2, -0.3, 0, 0.7, 5]) assert.equal(t.evaluate(x), Math.sin(3 * x) + Math.abs(x));
  });

  it('orders variables x before y whatever order they appear in', () => {
    const t = parseTarget('y^2 - x / 4');
    assert.deepEqual(t.variables, ['x', 'y']);
    assert.equal(t.arity, 2);
    assert.equal(t.evaluate(2, 3), 9 - 0.5);
  });

  it('knows pi, e and tau, implicit multiplication, mod and precedence', () => {
    assert.equal(parseTarget('pi*x').evaluate(2), 2 * Math.PI);
    assert.equal(parseTarget('e^x').evaluate(1), Math.E ** 1);
    assert.equal(parseTarget('tau + 0*x').evaluate(0), 2 * Math.PI);
    assert.equal(parseTarget('3x^2').evaluate(2), 12);
    assert.equal(parseTarget('-x^2').evaluate(3), -9);
    assert.equal(parseTarget('x mod 3').evaluate(-1), 2);
    assert.equal(parseTarget('2^3^2 + 0*x').evaluate(0), 512);
  });

  it('supports comparisons and the conditional operator for piecewise targets', () => {
    const t = parseTarget('x > 0 ? x : 0.1*x');
    assert.equal(t.evaluate(2), 2);
    assert.equal(t.evaluate(-2), -0.2);
    assert.equal(parseTarget('(x >= 1) * 5').evaluate(1), 5);
    assert.equal(parseTarget('(x >= 1) * 5').evaluate(0.5), 0);
  });

  it('has multi-argument and ML-flavoured functions', () => {
    assert.equal(parseTarget('max(x, y, 0)').evaluate(-1, -2), 0);
    assert.equal(parseTarget('hypot(x, y)').evaluate(3, 4), 5);
    assert.equal(parseTarget('log(x, 2)').evaluate(8), 3);
    assert.equal(parseTarget('relu(x) + step(x)').evaluate(-3), 0);
    assert.equal(parseTarget('relu(x) + step(x)').evaluate(2), 3);
    assert.equal(parseTarget('sigmoid(x)').evaluate(0), 0.5);
  });

  it('treats a constant expression as a function of the first variable', () => {
    const t = parseTarget('2 * pi');
    assert.deepEqual(t.variables, ['x']);
    assert.equal(t.evaluate(123), 2 * Math.PI);
  });

  it('returns NaN where the function is not real, for sampleTarget to report', () => {
    assert.ok(Number.isNaN(parseTarget('sqrt(x)').evaluate(-1)));
    assert.ok(Number.isNaN(parseTarget('x^0.5').evaluate(-4)));
  });

  it('accepts other variable names when asked', () => {
    const t = parseTarget('t * s', ['s', 't']);
    assert.deepEqual(t.variables, ['s', 't']);
    assert.equal(t.evaluate(2, 5), 10);
  });
});

describe('parseTarget errors', () => {
  it('reports an empty expression', () => {
    throwsMatching('', /empty target expression/);
    throwsMatching('   ', /empty target expression/);
    throwsMatching('# only a comment', /empty target expression/);
  });

  it('reports syntax errors with the character position', () => {
    throwsMatching('sin(3*x', /cannot parse target "sin\(3\*x": .*at character 8/);
    throwsMatching('x + * 2', /cannot parse target .*at character \d+/);
    throwsMatching('x @ 2', /cannot parse target .*at character 3/);
  });

  it('reports unknown symbols and says which variables to use', () => {
    throwsMatching('sin(z)', /unknown symbol "z".*use x and y/);
    throwsMatching('a*x', /unknown symbol "a".*use t/, ['t']);
    throwsMatching('2*i', /unknown symbol "i"/);
    throwsMatching('sin + x', /unknown symbol "sin".*sin is a function, write sin\(\.\.\.\)/);
  });

  it('reports unknown functions and lists the available ones', () => {
    throwsMatching('foo(x)', /unknown function "foo".*available functions are .*sin/);
    throwsMatching('x(2)', /"x" is a variable, not a function/);
  });

  it('reports wrong argument counts', () => {
    throwsMatching('sin(x, y)', /sin takes 1 argument, got 2/);
    throwsMatching('atan2(x)', /atan2 takes 2 arguments, got 1/);
  });

  it('rejects values that are not real numbers', () => {
    throwsMatching('"abc"', /contains "abc": only numbers/);
    throwsMatching('true + x', /contains true: only numbers/);
    throwsMatching('null', /contains null/);
    throwsMatching('1e400 * x', /too large/);
  });

  it('rejects unsupported syntax', () => {
    throwsMatching('[1, 2]', /uses arrays/);
    throwsMatching('x = 2', /uses assignments/);
    throwsMatching('f(x) = x^2', /uses function definitions/);
    throwsMatching('x; y', /several expressions/);
    throwsMatching('1:3', /ranges/);
    throwsMatching('0 < x < 1', /chained comparisons/);
    throwsMatching('x!', /operator "!"/);
    throwsMatching('x and y', /operator "and"/);
    throwsMatching('5 cm', /unknown symbol "cm"/);
  });

  it('rejects code-injection attempts without running them', () => {
    // If any of these reached a JavaScript evaluator the test process would exit or throw differently.
    throwsMatching('process.exit(1)', /only named functions/);
    throwsMatching('constructor(1)', /unknown function "constructor"/);
    throwsMatching('toString(x)', /unknown function "toString"/);
    throwsMatching('__proto__(x)', /unknown function "__proto__"/);
    throwsMatching('x.constructor', /property access/);
    throwsMatching('sin.constructor("return process")', /property access|only named functions/);
    throwsMatching('x["constructor"]', /property access|indexing/);
    throwsMatching('hasOwnProperty', /unknown symbol "hasOwnProperty"/);
    throwsMatching('import("fs")', /unknown function "import"/);
    throwsMatching('evaluate("1+1")', /unknown function "evaluate"/);
  });

  it('rejects overlong input and bad variable names', () => {
    throwsMatching(`${'x+'.repeat(1500)}x`, /too long/);
    throwsMatching('x', /cannot be a target variable/, ['pi']);
    throwsMatching('x', /cannot be a target variable/, ['a.b']);
  });
});
