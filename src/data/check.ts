/** Option checks shared by the loaders and generators, so every bad option reads the same way. */

export function checkCount(value: number, what: string, min = 1): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${what} must be an integer >= ${min}, got ${value}`);
  }
}

/** Most samples a generator makes: far more than an in-memory MLP lab trains on, far less than an allocation that fails. */
export const MAX_SAMPLES = 10_000_000;

/** Most values (rows × columns) a loader builds into one matrix: 1 GiB of float32, so a short file cannot ask for more. */
export const MAX_VALUES = 2 ** 28;

/** A sample count in 1..MAX_SAMPLES, checked before anything is allocated. */
export function checkSampleCount(value: number, what: string): void {
  checkCount(value, what);
  if (value > MAX_SAMPLES) {
    throw new Error(`${what} must be at most ${MAX_SAMPLES.toLocaleString('en-US')}, got ${value}`);
  }
}

export function checkNonNegative(value: number, what: string): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${what} must be a finite number >= 0, got ${value}`);
  }
}

/** Formats a value for an error message: short, but never hiding the magnitude. */
export function show(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);
}

/** Quotes text from a file for a one-line error message: newlines and quotes in it come out escaped. */
export function quote(text: string): string {
  return JSON.stringify(text);
}
