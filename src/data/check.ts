/** Option checks shared by the loaders and generators, so every bad option reads the same way. */

export function checkCount(value: number, what: string, min = 1): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${what} must be an integer >= ${min}, got ${value}`);
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
