/**
 * Errors the CLI turns into a one-line message and an exit code, so scripts
 * can tell bad input (fix the command) from a run that diverged (fix the
 * hyperparameters).
 */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_DIVERGED = 3;
/** The shell's convention for a run stopped by Ctrl-C (128 + SIGINT). */
export const EXIT_CANCELLED = 130;

export class UsageError extends Error {
  readonly exitCode = EXIT_USAGE;
}

export class DivergedError extends Error {
  readonly exitCode = EXIT_DIVERGED;
}

export class CancelledError extends Error {
  readonly exitCode = EXIT_CANCELLED;
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof DivergedError || error instanceof CancelledError) {
    return error.exitCode;
  }
  return EXIT_FAILURE;
}

/** A value from the user's input as a message shows it: at most `max` characters, the cut marked. */
export function cut(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** Messages longer than this quote some input at length; the middle goes, the start and the advice stay. */
const MAX_MESSAGE = 600;

/** The first line of an error's message: the CLI never prints stack traces for expected failures. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n')[0] ?? message;
  return line.length <= MAX_MESSAGE ? line : `${line.slice(0, 350)} … ${line.slice(-200)}`;
}

/**
 * Errors from parsing and loading user input already say what is wrong with
 * it, so they become usage errors (exit 2). TypeError and ReferenceError mean
 * a bug in mlp-lab, not in the input: those keep exit 1.
 */
export function asUsageError(error: unknown): Error {
  if (error instanceof TypeError || error instanceof ReferenceError) return error;
  if (error instanceof UsageError) return error;
  return new UsageError(oneLine(error));
}
