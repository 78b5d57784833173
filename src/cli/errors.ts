/**
 * Errors the CLI turns into a one-line message and an exit code, so scripts
 * can tell bad input (fix the command) from a run that diverged (fix the
 * hyperparameters).
 */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_DIVERGED = 3;
/** A demonstration ran but one of its claims did not hold. */
export const EXIT_CLAIM = 4;
/** The shell's convention for a run stopped by Ctrl-C (128 + SIGINT). */
export const EXIT_CANCELLED = 130;

/** Every exit code mlp-lab uses, as --help and the README list them. */
export const EXIT_CODES_HELP = `Exit codes:
  0    success
  1    a bug in mlp-lab (never a mistake in the input); please report it
  2    bad input: one line on stderr says what is wrong and how to fix it
  3    the run diverged, or a checkpoint to resume holds NaN/Inf weights
  4    demo: a claim did not hold
  130  interrupted (Ctrl-C or SIGTERM); fit --out keeps the last completed epoch`;

export class UsageError extends Error {
  readonly exitCode = EXIT_USAGE;
}

export class DivergedError extends Error {
  readonly exitCode = EXIT_DIVERGED;
}

export class ClaimError extends Error {
  readonly exitCode = EXIT_CLAIM;
}

export class CancelledError extends Error {
  readonly exitCode = EXIT_CANCELLED;
}

export function exitCodeOf(error: unknown): number {
  if (
    error instanceof UsageError ||
    error instanceof DivergedError ||
    error instanceof ClaimError ||
    error instanceof CancelledError
  ) {
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

/** The library's advice names its own options; on the command line the same advice names flags. */
const CLI_WORDS: readonly [RegExp, string][] = [
  [/\(clipNorm\)/g, '(--clip-norm)'],
  [/drop it with the ignore option/g, 'leave it out with --ignore COLUMN'],
  [/with the ignore option/g, 'with --ignore COL,...'],
  [/in the categorical option/g, 'in --categorical-columns'],
  [/remove it from that option/g, 'remove it from --categorical-columns'],
  [/use categoricalEncoding 'index'/g, 'use --categorical embedding'],
  [
    /encode the column with categoricalEncoding 'index' and leave it out of standardisation/g,
    'give codes 0..k-1 in --input, or the category names in --csv',
  ],
  [/IDX files as the dir option or in/g, 'IDX files with --fashion-dir or in'],
  // The scikit-learn folder has no flag, only its environment variable.
  [/ as the dir option or in/g, ' in'],
];

export function cliWording(message: string): string {
  return CLI_WORDS.reduce((m, [pattern, words]) => m.replace(pattern, words), message);
}

/**
 * Errors from parsing and loading user input already say what is wrong with
 * it, so they become usage errors (exit 2), worded for the command line.
 * TypeError and ReferenceError mean a bug in mlp-lab, not in the input: those
 * keep exit 1.
 */
export function asUsageError(error: unknown): Error {
  if (error instanceof TypeError || error instanceof ReferenceError) return error;
  if (error instanceof UsageError) return error;
  return new UsageError(cliWording(oneLine(error)));
}
