/** Plain-JSON helpers shared by the model file and checkpoints (browser-safe). */

/** Read-only so that readonly arrays and objects (a Standardizer, say) can be stored as they are. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

/** A short description of a JSON value's type for error messages: 'a string', 'an array', 'null'. */
export function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isFinite(v) ? 'a number' : String(v);
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

/**
 * The dotted path of the first number that is not finite (NaN, ±Infinity,
 * which JSON.parse yields for literals like 1e999), or null when all are.
 * Iterative, so a deeply nested document cannot overflow the stack.
 */
export function findNonFinite(root: unknown, rootPath = ''): { path: string; value: number } | null {
  const stack: [unknown, string][] = [[root, rootPath]];
  // Objects already checked: shared references are checked once, and cycles end (JSON.stringify reports them).
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [v, path] = stack.pop() as [unknown, string];
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { path: path || '(top level)', value: v };
    } else if (typeof v === 'object' && v !== null && seen.has(v)) {
      // already checked
    } else if (Array.isArray(v)) {
      seen.add(v);
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (ArrayBuffer.isView(v)) {
      const a = v as unknown as ArrayLike<number>;
      for (let i = 0; i < a.length; i++) {
        if (typeof a[i] === 'number' && !Number.isFinite(a[i])) return { path: `${path}[${i}]`, value: a[i] };
      }
    } else if (typeof v === 'object' && v !== null) {
      seen.add(v);
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i];
        stack.push([child, keyPath(path, k)]);
      }
    }
  }
  return null;
}

/**
 * The path of the first array or object nested more than `limit` deep (the
 * root counts as 1), or null. Code that recurses over a document (not least
 * JSON.stringify) overflows the stack on deep enough nesting, so this is
 * iterative and stops at the limit. A cycle is reported as too deep.
 */
export function findTooDeep(root: unknown, limit: number, rootPath = ''): string | null {
  const stack: [unknown, string, number][] = [[root, rootPath, 1]];
  // Shared references are walked again only when reached deeper, which bounds the work for any graph.
  const deepest = new Map<object, number>();
  while (stack.length > 0) {
    const [v, path, depth] = stack.pop() as [unknown, string, number];
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) continue;
    if (depth > limit) return path || '(top level)';
    if ((deepest.get(v) ?? 0) >= depth) continue;
    deepest.set(v, depth);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        if (typeof v[i] === 'object') stack.push([v[i], `${path}[${i}]`, depth + 1]);
      }
    } else {
      for (const [k, child] of Object.entries(v)) {
        if (typeof child === 'object') stack.push([child, keyPath(path, k), depth + 1]);
      }
    }
  }
  return null;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const MAX_KEY_SHOWN = 40;

/** Appends an object key to a path so that the path stays one short line, whatever the key holds. */
function keyPath(path: string, key: string): string {
  const shown = key.length > MAX_KEY_SHOWN ? `${key.slice(0, MAX_KEY_SHOWN)}…` : key;
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(shown)}]`;
  return path ? `${path}.${shown}` : shown;
}

/** Where a JSON.parse error happened, as line and column rather than V8's character position. */
export function describeJsonError(text: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const at = /at position (\d+)/.exec(message);
  const position = at ? Number(at[1]) : /end of JSON input/.test(message) ? text.length : -1;
  if (position < 0) return message;
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const where = `line ${line}, column ${position - lineStart + 1}`;
  return at ? message.replace(at[0], `at ${where}`) : `${message} at ${where}`;
}

/** Far deeper than anything this library writes, and far below what overflows JSON.stringify's stack. */
const MAX_WRITE_DEPTH = 1000;

/**
 * JSON.stringify that refuses what plain JSON cannot carry faithfully:
 * non-finite numbers (which stringify would silently turn into null), and
 * nesting deep enough to overflow the stack.
 * Typed arrays become plain arrays of numbers.
 */
export function stringifyJson(value: unknown, indent?: number): string {
  const deep = findTooDeep(value, MAX_WRITE_DEPTH);
  if (deep !== null) {
    throw new Error(`cannot write ${deep}: it is nested more than ${MAX_WRITE_DEPTH} arrays or objects deep`);
  }
  const bad = findNonFinite(value);
  if (bad) throw new Error(`cannot write ${bad.path}: it is ${bad.value}, which JSON cannot represent`);
  const text = JSON.stringify(
    value,
    (_k, v) =>
      ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v,
    indent,
  );
  if (text === undefined)
    throw new Error('cannot write a value that JSON has no form for (undefined or a function)');
  return `${text}\n`;
}
