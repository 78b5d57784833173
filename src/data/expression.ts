/**
 * User-typed target functions such as `sin(3*x) + abs(x)`. The parser behind
 * them (targetCompiler.ts, built on mathjs: about 180 KiB gzipped in a browser
 * bundle) is loaded by a dynamic import on the first parse, so code that never
 * parses a typed expression (a playground run on a synthetic set) never loads it.
 */

export interface Target {
  /** The text as typed. */
  readonly expression: string;
  /** The variables the expression uses, in the order they were allowed (x before y). */
  readonly variables: readonly string[];
  readonly arity: number;
  /**
   * The value at one point, arguments in the order of `variables`. Returns NaN
   * where the function is not real (sqrt(-1)); sampleTarget reports that.
   */
  evaluate(...args: number[]): number;
}

type Compiler = typeof import('./targetCompiler.js');

let compiler: Promise<Compiler> | undefined;

function loadCompiler(): Promise<Compiler> {
  compiler ??= import('./targetCompiler.js').catch((err: unknown) => {
    // Forget the failure, so that the next parse tries again (a dropped connection in a browser).
    compiler = undefined;
    throw new Error(`could not load the expression parser (${(err as Error).message}); try again`);
  });
  return compiler;
}

/**
 * Parses a target such as `sin(3*x) + abs(x)`. `variables` are the names the
 * expression may use (default x and y); the target's arity is how many of them
 * it does use. A constant expression is a function of the first variable.
 *
 * Async: the first call loads the parser with a dynamic import (in Node, a
 * module read from disk; in a browser, a chunk fetched from the server), and
 * later calls reuse it. The returned Target's evaluate is synchronous, and the
 * same text gives the same function whenever the parser was loaded.
 */
export async function parseTarget(
  expression: string,
  variables: readonly string[] = ['x', 'y'],
): Promise<Target> {
  const { compileTarget } = await loadCompiler();
  return compileTarget(expression, variables);
}
