/**
 * Strict decimal numbers for text data. Number() alone would also accept
 * "0x1f", "Infinity" and "" (as 0), which in a CSV are almost always mistakes.
 */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The value of a decimal literal such as "-1.5e3" (Infinity if it overflows), or undefined if the text is not one. */
export function parseDecimal(text: string): number | undefined {
  return DECIMAL.test(text) ? Number(text) : undefined;
}
