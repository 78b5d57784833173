/**
 * The compiler behind parseTarget (expression.ts), the only module that
 * imports mathjs: mathjs only parses the text; the tree is checked against an
 * allowlist and compiled into plain closures over numbers. No user text reaches
 * eval, new Function or mathjs's own evaluator (which can reach objects and
 * properties), and the compiled closures are fast enough to evaluate a whole
 * training set. expression.ts loads this module with a dynamic import, so a
 * bundle that never parses a typed expression never loads mathjs.
 */
import {
  isConditionalNode,
  isConstantNode,
  isFunctionNode,
  isOperatorNode,
  isParenthesisNode,
  isSymbolNode,
  type MathNode,
  parse,
} from 'mathjs';
import type { Target } from './expression.js';

type Compiled = (env: Float64Array) => number;

interface FunctionSpec {
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly fn: (...args: number[]) => number;
}

const MAX_LENGTH = 2000;

const one = (fn: (a: number) => number): FunctionSpec => ({ minArgs: 1, maxArgs: 1, fn });
const two = (fn: (a: number, b: number) => number): FunctionSpec => ({ minArgs: 2, maxArgs: 2, fn });
const many = (fn: (...args: number[]) => number): FunctionSpec => ({ minArgs: 1, maxArgs: Infinity, fn });

/** Floored modulo, the sign convention of mathjs's `mod`. */
const mod = (a: number, b: number): number => (b === 0 ? a : a - b * Math.floor(a / b));

// A Map, not an object literal: a name like `constructor` must not find Object.prototype.
const FUNCTIONS = new Map<string, FunctionSpec>([
  ['abs', one(Math.abs)],
  ['acos', one(Math.acos)],
  ['acosh', one(Math.acosh)],
  ['asin', one(Math.asin)],
  ['asinh', one(Math.asinh)],
  ['atan', one(Math.atan)],
  ['atan2', two(Math.atan2)],
  ['atanh', one(Math.atanh)],
  ['cbrt', one(Math.cbrt)],
  ['ceil', one(Math.ceil)],
  ['cos', one(Math.cos)],
  ['cosh', one(Math.cosh)],
  ['cot', one((a) => 1 / Math.tan(a))],
  ['csc', one((a) => 1 / Math.sin(a))],
  ['exp', one(Math.exp)],
  ['expm1', one(Math.expm1)],
  ['floor', one(Math.floor)],
  ['hypot', many(Math.hypot)],
  [
    'log',
    {
      minArgs: 1,
      maxArgs: 2,
      fn: (a, base) => (base === undefined ? Math.log(a) : Math.log(a) / Math.log(base)),
    },
  ],
  ['log10', one(Math.log10)],
  ['log1p', one(Math.log1p)],
  ['log2', one(Math.log2)],
  ['max', many(Math.max)],
  ['min', many(Math.min)],
  ['mod', two(mod)],
  ['pow', two(Math.pow)],
  ['relu', one((a) => Math.max(a, 0))],
  ['round', one(Math.round)],
  ['sec', one((a) => 1 / Math.cos(a))],
  ['sigmoid', one((a) => 1 / (1 + Math.exp(-a)))],
  ['sign', one(Math.sign)],
  ['sin', one(Math.sin)],
  ['sinh', one(Math.sinh)],
  ['sqrt', one(Math.sqrt)],
  ['step', one((a) => (a >= 0 ? 1 : 0))],
  ['tan', one(Math.tan)],
  ['tanh', one(Math.tanh)],
]);

const CONSTANTS = new Map<string, number>([
  ['pi', Math.PI],
  ['e', Math.E],
  ['tau', 2 * Math.PI],
]);

const BINARY = new Map<string, (a: number, b: number) => number>([
  ['add', (a, b) => a + b],
  ['subtract', (a, b) => a - b],
  ['multiply', (a, b) => a * b],
  ['divide', (a, b) => a / b],
  ['pow', Math.pow],
  ['mod', mod],
  ['larger', (a, b) => (a > b ? 1 : 0)],
  ['smaller', (a, b) => (a < b ? 1 : 0)],
  ['largerEq', (a, b) => (a >= b ? 1 : 0)],
  ['smallerEq', (a, b) => (a <= b ? 1 : 0)],
  ['equal', (a, b) => (a === b ? 1 : 0)],
  ['unequal', (a, b) => (a !== b ? 1 : 0)],
]);

/** Plain-words names for the mathjs syntax a target may not use. */
const UNSUPPORTED = new Map<string, string>([
  ['AccessorNode', 'property access (a.b or a[b])'],
  ['ArrayNode', 'arrays'],
  ['AssignmentNode', 'assignments'],
  ['BlockNode', 'several expressions (separated by ; or a newline)'],
  ['FunctionAssignmentNode', 'function definitions'],
  ['IndexNode', 'indexing'],
  ['ObjectNode', 'objects'],
  ['RangeNode', 'ranges (a:b)'],
  ['RelationalNode', 'chained comparisons (a < b < c)'],
]);

/** Deeper nesting than this is no function anyone types, and recursive parsing and evaluation must stay far from the stack's end. */
const MAX_NESTING = 100;

/** How deep brackets and chained unary signs nest: what makes the parser and evaluator recurse. */
function nestingDepth(expression: string): number {
  let depth = 0;
  let max = 0;
  let signs = 0;
  for (const c of expression) {
    if (c === '(' || c === '[') max = Math.max(max, ++depth);
    else if (c === ')' || c === ']') depth--;
    if (c === '-' || c === '+') max = Math.max(max, depth + ++signs);
    else if (c !== ' ') signs = 0;
  }
  return max;
}

/** parseTarget's work, synchronous: see parseTarget in expression.ts. */
export function compileTarget(expression: string, variables: readonly string[]): Target {
  // Messages quote the expression; a long one is cut so that the message stays readable.
  const quoted = JSON.stringify(expression.length <= 60 ? expression : `${expression.slice(0, 60)}…`);
  try {
    return parseChecked(expression, variables, quoted);
  } catch (err) {
    if (err instanceof RangeError) {
      throw new Error(`target ${quoted} is too deeply nested to evaluate; simplify it`);
    }
    throw err;
  }
}

function parseChecked(expression: string, variables: readonly string[], quoted: string): Target {
  if (expression.trim() === '') throw new Error('empty target expression: type a function such as sin(3*x)');
  if (expression.length > MAX_LENGTH) {
    throw new Error(`target expression is too long (${expression.length} characters, at most ${MAX_LENGTH})`);
  }
  const depth = nestingDepth(expression);
  if (depth > MAX_NESTING) {
    throw new Error(
      `target ${quoted} is too deeply nested (${depth} levels of brackets or signs, at most ${MAX_NESTING}); simplify it`,
    );
  }
  for (const v of variables) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) || CONSTANTS.has(v) || FUNCTIONS.has(v)) {
      throw new Error(
        `"${v}" cannot be a target variable: use a plain name that is not a constant or function`,
      );
    }
  }

  let root: MathNode;
  try {
    root = parse(expression);
  } catch (err) {
    throw new Error(`cannot parse target ${quoted}: ${syntaxMessage(err)}`);
  }
  if (isConstantNode(root) && root.value === undefined) {
    throw new Error(`empty target expression ${quoted}: type a function such as sin(3*x)`);
  }

  const used = new Set<string>();
  collectVariables(root, variables, used);
  const usedVariables = variables.filter((v) => used.has(v));
  const ordered = usedVariables.length > 0 ? usedVariables : variables.slice(0, 1);
  if (ordered.length === 0) throw new Error('parseTarget needs at least one allowed variable name');
  const index = new Map(ordered.map((v, i) => [v, i]));
  const body = compile(root, { index, allowed: variables, quoted });
  const evaluate = bind(body, ordered.length);
  // Long chains (x+x+...+x) nest in the tree without brackets: one evaluation finds a stack overflow here, not mid-sampling.
  evaluate(...ordered.map(() => 0.5));
  return { expression, variables: ordered, arity: ordered.length, evaluate };
}

function syntaxMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const char = (err as { char?: unknown } | null)?.char;
  const reason = message.replace(/\s*\(char \d+\)\s*$/, '');
  return typeof char === 'number' ? `${reason} at character ${char}` : reason;
}

function collectVariables(node: MathNode, allowed: readonly string[], used: Set<string>): void {
  if (isSymbolNode(node) && allowed.includes(node.name)) used.add(node.name);
  // FunctionNode lists its name symbol as a child: skip it, it is not a variable use.
  const args = isFunctionNode(node) ? node.args : undefined;
  node.forEach((child) => {
    if (args === undefined || args.includes(child)) collectVariables(child, allowed, used);
  });
}

interface CompileContext {
  readonly index: ReadonlyMap<string, number>;
  readonly allowed: readonly string[];
  readonly quoted: string;
}

function compile(node: MathNode, ctx: CompileContext): Compiled {
  if (isConstantNode(node)) return compileConstant(node.value, ctx);
  if (isParenthesisNode(node)) return compile(node.content, ctx);
  if (isSymbolNode(node)) return compileSymbol(node.name, ctx);
  if (isOperatorNode(node)) return compileOperator(node.fn, node.op, node.args, ctx);
  if (isFunctionNode(node)) return compileFunction(node, ctx);
  if (isConditionalNode(node)) {
    const cond = compile(node.condition, ctx);
    const yes = compile(node.trueExpr, ctx);
    const no = compile(node.falseExpr, ctx);
    return (env) => {
      const c = cond(env);
      return Number.isNaN(c) ? Number.NaN : c !== 0 ? yes(env) : no(env);
    };
  }
  const what = UNSUPPORTED.get(node.type) ?? node.type;
  const hint = node.type === 'RelationalNode' ? '; write (a < b) * (b < c)' : '';
  throw new Error(`target ${ctx.quoted} uses ${what}, which a target function cannot contain${hint}`);
}

function compileConstant(value: unknown, ctx: CompileContext): Compiled {
  if (typeof value !== 'number') {
    const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
    throw new Error(
      `target ${ctx.quoted} contains ${shown}: only numbers, variables and functions are allowed`,
    );
  }
  if (!Number.isFinite(value))
    throw new Error(`target ${ctx.quoted} contains a number too large to represent`);
  return () => value;
}

function compileSymbol(name: string, ctx: CompileContext): Compiled {
  const i = ctx.index.get(name);
  if (i !== undefined) return (env) => env[i];
  const constant = CONSTANTS.get(name);
  if (constant !== undefined) return () => constant;
  const hint = FUNCTIONS.has(name) ? `; ${name} is a function, write ${name}(...)` : '';
  throw new Error(
    `unknown symbol "${name}" in target ${ctx.quoted}: use ${listVariables(ctx.allowed)} ` +
      `(and the constants pi, e, tau)${hint}`,
  );
}

function compileOperator(fn: string, op: string, args: MathNode[], ctx: CompileContext): Compiled {
  const compiled = args.map((a) => compile(a, ctx));
  if (compiled.length === 1 && (fn === 'unaryMinus' || fn === 'unaryPlus')) {
    const a = compiled[0];
    return fn === 'unaryMinus' ? (env) => -a(env) : a;
  }
  const binary = BINARY.get(fn);
  if (binary === undefined || compiled.length !== 2) {
    throw new Error(
      `target ${ctx.quoted} uses the operator "${op}", which is not supported: ` +
        'use + - * / ^ mod, comparisons (< <= > >= == !=) or cond ? a : b',
    );
  }
  const [a, b] = compiled;
  // Specialised closures for the common operators keep evaluation to a plain call per node.
  switch (fn) {
    case 'add':
      return (env) => a(env) + b(env);
    case 'subtract':
      return (env) => a(env) - b(env);
    case 'multiply':
      return (env) => a(env) * b(env);
    case 'divide':
      return (env) => a(env) / b(env);
    default:
      return (env) => binary(a(env), b(env));
  }
}

function compileFunction(node: MathNode & { fn: MathNode; args: MathNode[] }, ctx: CompileContext): Compiled {
  if (!isSymbolNode(node.fn)) {
    throw new Error(
      `target ${ctx.quoted} calls ${node.fn.toString()}: only named functions such as sin(x) can be called`,
    );
  }
  const name = node.fn.name;
  const spec = FUNCTIONS.get(name);
  if (spec === undefined) {
    if (ctx.allowed.includes(name)) {
      throw new Error(
        `"${name}" is a variable, not a function, in target ${ctx.quoted}: write ${name}*(...) for a product`,
      );
    }
    throw new Error(
      `unknown function "${name}" in target ${ctx.quoted}: available functions are ${[...FUNCTIONS.keys()].join(', ')}`,
    );
  }
  const n = node.args.length;
  if (n < spec.minArgs || n > spec.maxArgs) {
    const expected =
      spec.maxArgs === Infinity
        ? `at least ${spec.minArgs} argument`
        : spec.minArgs === spec.maxArgs
          ? `${spec.minArgs} argument${spec.minArgs === 1 ? '' : 's'}`
          : `${spec.minArgs} to ${spec.maxArgs} arguments`;
    throw new Error(`${name} takes ${expected}, got ${n}, in target ${ctx.quoted}`);
  }
  const args = node.args.map((a) => compile(a, ctx));
  const f = spec.fn;
  if (args.length === 1) {
    const a = args[0];
    return (env) => f(a(env));
  }
  if (args.length === 2) {
    const [a, b] = args;
    return (env) => f(a(env), b(env));
  }
  return (env) => f(...args.map((a) => a(env)));
}

function bind(body: Compiled, arity: number): (...args: number[]) => number {
  const env = new Float64Array(arity);
  if (arity === 1) {
    return (a: number) => {
      env[0] = a;
      return body(env);
    };
  }
  if (arity === 2) {
    return (a: number, b: number) => {
      env[0] = a;
      env[1] = b;
      return body(env);
    };
  }
  return (...args: number[]) => {
    for (let i = 0; i < arity; i++) env[i] = args[i];
    return body(env);
  };
}

function listVariables(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
