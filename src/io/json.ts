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
        stack.push([child, path ? `${path}.${k}` : k]);
      }
    }
  }
  return null;
}

/**
 * JSON.stringify that refuses what plain JSON cannot carry faithfully:
 * non-finite numbers (which stringify would silently turn into null).
 * Typed arrays become plain arrays of numbers.
 */
export function stringifyJson(value: unknown, indent?: number): string {
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
