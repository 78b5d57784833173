/**
 * Grid expansion for sweeps: option values that list several alternatives,
 * turned into one option record per job.
 *
 *   expandValue('1-{8,16}-1')        → ['1-8-1', '1-16-1']       braces, as in bash
 *   expandValue('relu,tanh')          → ['relu', 'tanh']         a top-level list
 *   expandValue('0..3')               → ['0', '1', '2', '3']     an integer range (also inside braces: {0..3})
 *   expandValue('-1,1;-3,3', ';')     → ['-1,1', '-3,3']         options whose single value holds commas list with ';'
 *   expandGrid({ a: ['1', '2'], b: ['x', 'y'] }) → the 4 records, the last option varying fastest
 *
 * Commas inside parentheses never split (`max(x,0)`), so an expression can
 * be an alternative. Everything here is plain strings: checking the values
 * is the job of whoever turns a record into a fit (the CLI's fit options).
 */

/** Sweeps larger than this are almost always a typo in a range (0..100000); they would not finish anyway. */
export const MAX_GRID_JOBS = 100_000;

/** Splits `text` at `separator` where no parenthesis or brace is open. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
    else if (depth === 0 && c === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

const RANGE = /^(-?\d+)\.\.(-?\d+)$/;

/** '2..5' → ['2', '3', '4', '5'] (descending when lo > hi); anything else → [text]. */
function expandRange(text: string): string[] {
  const m = RANGE.exec(text);
  if (!m) return [text];
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  const count = Math.abs(hi - lo) + 1;
  if (count > MAX_GRID_JOBS) throw new Error(`range ${text} has ${count} values, more than a sweep can run`);
  const step = hi >= lo ? 1 : -1;
  return Array.from({ length: count }, (_, i) => String(lo + i * step));
}

/** The position of the '}' closing the '{' at `open`, or -1. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Bash-style brace expansion: the first group expands, then each result recursively. */
function expandBraces(text: string): string[] {
  const open = text.indexOf('{');
  if (open < 0) return [text];
  const close = closingBrace(text, open);
  if (close < 0) throw new Error(`'${text}' opens a brace that it never closes`);
  const inner = text.slice(open + 1, close);
  const alternatives = splitTopLevel(inner, ',').flatMap((a) => expandBraces(a).flatMap(expandRange));
  const head = text.slice(0, open);
  const tails = expandBraces(text.slice(close + 1));
  return alternatives.flatMap((a) => tails.map((t) => `${head}${a}${t}`));
}

/**
 * The alternatives one option value stands for: braces expanded, then the
 * value split at top-level `separator`s, each part an integer range or itself.
 * Order is kept and exact repeats are dropped, so a job never appears twice.
 */
export function expandValue(value: string, separator = ','): string[] {
  const out = splitTopLevel(value, separator).flatMap(expandBraces).flatMap(expandRange);
  return [...new Set(out)];
}

/**
 * The Cartesian product of the options' alternatives, in a stable order: the
 * record's key order, the last key varying fastest. A boolean or an
 * already-single value passes through unchanged.
 */
export function expandGrid<T extends string | boolean>(
  alternatives: Readonly<Record<string, readonly T[]>>,
): Array<Record<string, T>> {
  let jobs: Array<Record<string, T>> = [{}];
  for (const [key, values] of Object.entries(alternatives)) {
    if (values.length === 0) throw new Error(`option ${key} lists no values`);
    if (jobs.length * values.length > MAX_GRID_JOBS) {
      throw new Error(`the grid has more than ${MAX_GRID_JOBS} jobs; list fewer values`);
    }
    jobs = jobs.flatMap((job) => values.map((v) => ({ ...job, [key]: v })));
  }
  return jobs;
}
