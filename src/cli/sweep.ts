/**
 * `mlp-lab sweep`: a grid of fit runs given with fit's own options, any of
 * which may list values (braces, comma lists, integer ranges; see
 * analysis/sweep/grid.ts), one JSONL row per finished job. Rerun with the
 * same --out, a sweep skips the jobs already in the file, so a killed sweep
 * continues where it stopped. Jobs run in worker threads on this machine,
 * or with --queue on `mlp-lab worker` processes anywhere (docs/sweeps.md).
 */
import { closeSync, existsSync, openSync, readFileSync, statSync, truncateSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Command, type Option } from 'commander';
import { expandGrid, expandValue } from '../analysis/sweep/grid.js';
import { type FitJobOptions, jobKey, type SweepRow } from '../analysis/sweep/job.js';
import { createJobPool, type JobResult } from '../analysis/sweep/pool.node.js';
import type { QueueWorker } from '../analysis/sweep/queue.node.js';
import { formatRow, parseRows } from '../analysis/sweep/rows.js';
import { describeFsError } from '../io/atomic.node.js';
import { CancelledError, UsageError } from './errors.js';
import { addFitOptions, fitSettings } from './fitOptions.js';
import { formatMetrics, progressBar } from './progress.js';
import { parseIntegerOption } from './values.js';

/** fit options that steer one run's files and printing; a sweep has its own --out and prints rows. */
const NOT_SWEPT = new Set(['out', 'resume', 'checkpointEvery', 'json']);

/** Options whose single value already holds commas list their alternatives with ';'. */
const SEMICOLON_LISTS = new Set(['domain', 'schedule']);

interface Job {
  readonly key: string;
  readonly options: FitJobOptions;
  /** The listed options' values, to name the job in progress lines. */
  readonly label: string;
}

/**
 * fit's option table, each option taking several values (so an unquoted
 * `--arch 1-{8,16}-1`, which the shell expands to two words, works) and its
 * choices lifted so a value may list several; each value is checked after
 * expansion.
 */
function fitOptionTable(): Option[] {
  const options = addFitOptions(new Command('fit')).options.filter((o) => !NOT_SWEPT.has(o.attributeName()));
  for (const o of options) {
    if (o.required) o.variadic = true;
    if (o.argChoices) {
      o.description += ` (${o.argChoices.join(', ')})`;
      // choices() installs a parser that rejects anything else, a list included.
      (o as { argChoices?: string[] }).argChoices = undefined;
      o.parseArg = undefined;
    }
  }
  return options;
}

function checkChoice(option: Option | undefined, value: string, choices: Map<string, readonly string[]>) {
  const allowed = option ? choices.get(option.attributeName()) : undefined;
  if (allowed && !allowed.includes(value)) {
    throw new UsageError(`${option!.long} '${value}' is not one of ${allowed.join(', ')}`);
  }
}

type Raw = Record<string, string | string[] | boolean | undefined>;

/** Every job of the grid, checked with fit's own rules before any of them runs. */
export function sweepJobs(raw: Raw, given: (key: string) => boolean, table: readonly Option[]): Job[] {
  const choices = new Map(
    addFitOptions(new Command('fit'))
      .options.filter((o) => o.argChoices)
      .map((o) => [o.attributeName(), o.argChoices!] as const),
  );
  const byKey = new Map(table.map((o) => [o.attributeName(), o]));
  const alternatives: Record<string, Array<string | boolean>> = {};
  const listed: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined || !byKey.has(key)) continue;
    let values: Array<string | boolean> = Array.isArray(value) ? value : [value];
    if (typeof value !== 'boolean' && given(key)) {
      try {
        const words = Array.isArray(value) ? value : [value];
        values = [...new Set(words.flatMap((w) => expandValue(w, SEMICOLON_LISTS.has(key) ? ';' : ',')))];
      } catch (e) {
        throw new UsageError(`${byKey.get(key)!.long}: ${(e as Error).message}`);
      }
      for (const v of values) checkChoice(byKey.get(key), v as string, choices);
      if (values.length > 1) listed.push(key);
    }
    alternatives[key] = values;
  }
  let grid: Array<Record<string, string | boolean>>;
  try {
    grid = expandGrid(alternatives);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const jobs = new Map<string, Job>();
  for (const jobRaw of grid) {
    // fit's --force stays in the options (false unless given): every results file written so far hashed it into its keys.
    const {
      out: _o,
      resume: _r,
      checkpointEvery: _c,
      json: _j,
      quiet: _q,
      ...options
    } = fitSettings({ ...jobRaw, checkpointEvery: '1' }, given);
    const plain = JSON.parse(JSON.stringify(options)) as FitJobOptions;
    const key = jobKey(plain);
    const label = listed.map((k) => `${byKey.get(k)!.long} ${jobRaw[k]}`).join(' ');
    if (!jobs.has(key)) jobs.set(key, { key, options: plain, label: label || 'the only job' });
  }
  return [...jobs.values()];
}

/**
 * The keys already in the output file. A last line without its newline is
 * a row torn by a kill: it is cut off so the next row starts on a line of
 * its own.
 */
function finishedKeys(path: string): Set<string> {
  if (!existsSync(path)) return new Set();
  let bytes: Buffer;
  try {
    if (!statSync(path).isFile())
      throw new UsageError(`--out ${path} is not a regular file; give a .jsonl path`);
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read --out ${path}: ${describeFsError(e, 'sweep output')}`);
  }
  const end = bytes.lastIndexOf(0x0a) + 1;
  let rows: SweepRow[];
  try {
    rows = parseRows(bytes.subarray(0, end).toString('utf8'), path).rows;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (end < bytes.length) truncateSync(path, end);
  return new Set(rows.map((r) => r.key));
}

/** Appends one row with a single write, so a kill leaves at most one torn last line. */
function appendRow(fd: number, row: SweepRow): void {
  const bytes = Buffer.from(formatRow(row));
  let at = 0;
  while (at < bytes.length) at += writeSync(fd, bytes, at);
}

interface Progress {
  done(job: Job, result: JobResult): void;
  failed(job: Job, reason: string): void;
  stop(): void;
}

function createSweepProgress(total: number, already: number, quiet: boolean): Progress {
  if (quiet) return { done: () => {}, failed: () => {}, stop: () => {} };
  let count = already;
  const summary = (r: JobResult) =>
    `test ${formatMetrics(r.metrics.test)}, ${r.wallTimeSec.toFixed(1)} s on ${r.worker}`;
  if (!process.stderr.isTTY) {
    const width = String(total).length;
    return {
      done(job, result) {
        count++;
        process.stderr.write(
          `[${String(count).padStart(width)}/${total}] ${job.label}: ${summary(result)}\n`,
        );
      },
      failed(job, reason) {
        count++;
        process.stderr.write(`[${String(count).padStart(width)}/${total}] ${job.label}: failed: ${reason}\n`);
      },
      stop: () => {},
    };
  }
  const bar = progressBar('jobs {value}/{total} [{bar}] {percentage}% | eta {eta_formatted} | {last}', {
    etaBuffer: 20,
  });
  // The ETA counts only jobs finished in this run: the ones skipped took no time here.
  bar.start(total - already, 0, { last: already > 0 ? `${already} already done` : '' });
  return {
    done(job, result) {
      bar.increment(1, { last: `${job.label}: ${summary(result)}`.slice(0, 80) });
    },
    failed(job, reason) {
      bar.increment(1, { last: `${job.label}: failed: ${reason}`.slice(0, 80) });
    },
    stop: () => bar.stop(),
  };
}

interface SweepSettings {
  readonly out: string;
  readonly workers: number;
  readonly queue?: string;
  readonly quiet: boolean;
}

async function runSweep(jobs: Job[], settings: SweepSettings): Promise<void> {
  const done = finishedKeys(settings.out);
  const pending = jobs.filter((j) => !done.has(j.key));
  const already = jobs.length - pending.length;
  const byKey = new Map(pending.map((j) => [j.key, j]));
  if (pending.length === 0) {
    process.stdout.write(`all ${jobs.length} jobs are already in ${settings.out}\n`);
    return;
  }
  let fd: number;
  try {
    fd = openSync(settings.out, 'a');
  } catch (e) {
    throw new UsageError(`cannot write --out ${settings.out}: ${describeFsError(e, 'sweep output')}`);
  }
  const progress = createSweepProgress(jobs.length, already, settings.quiet);
  const failures: string[] = [];
  const onResult = (key: string, result: JobResult) => {
    const job = byKey.get(key)!;
    appendRow(fd, { key, options: job.options, ...result });
    progress.done(job, result);
  };
  const onFailure = (key: string, reason: string) => {
    failures.push(reason);
    progress.failed(byKey.get(key)!, reason);
  };
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (settings.queue) {
      // bullmq and ioredis are some 300 modules that only a queued sweep and a worker use.
      const { runJobsOnQueue } = await import('../analysis/sweep/queue.node.js');
      await runJobsOnQueue(settings.queue, pending, { onResult, onFailure, signal: abort.signal }).catch(
        (e: Error) => {
          // Only connecting can fail here (a bad URL, no Redis); job errors arrive through onFailure.
          throw new UsageError(e.message);
        },
      );
    } else {
      await runInPool(pending, settings.workers, abort.signal, onResult, onFailure);
    }
  } finally {
    progress.stop();
    closeSync(fd);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const finished = jobs.length - failures.length - already;
  if (abort.signal.aborted) {
    throw new CancelledError(
      `sweep stopped; finished jobs are in ${settings.out}, rerun the same command to continue`,
    );
  }
  process.stdout.write(
    `${finished} jobs finished${already ? `, ${already} were already` : ''} in ${settings.out}\n`,
  );
  if (failures.length > 0) {
    throw new UsageError(
      `${failures.length} of ${jobs.length} jobs failed, first: ${failures[0]}; fix their options and rerun to run just those`,
    );
  }
}

async function runInPool(
  jobs: readonly Job[],
  workers: number,
  signal: AbortSignal,
  onResult: (key: string, result: JobResult) => void,
  onFailure: (key: string, reason: string) => void,
): Promise<void> {
  const pool = createJobPool(Math.min(workers, jobs.length));
  try {
    await Promise.all(
      jobs.map((job) =>
        pool.run(job.options, signal).then(
          (result) => onResult(job.key, result),
          (error: Error) => {
            if (!signal.aborted) onFailure(job.key, error.message);
          },
        ),
      ),
    );
  } finally {
    await pool.close();
  }
}

function parseWorkers(value: string | undefined): number {
  return value === undefined ? availableParallelism() : parseIntegerOption('--workers', value, 1);
}

export const SWEEP_EXAMPLES = [
  "mlp-lab sweep --target 'sin(5*x)' --arch 1-{8,16,32}-1 --activation relu,tanh --seed 0..4 --out results.jsonl",
  'mlp-lab sweep --dataset moons --arch 2-16-1,2-16-16-1 --lr 0.01,0.003 --epochs 100 --out moons.jsonl --queue redis://10.0.0.5:6379',
  "mlp-lab sweep --target 'x*y' --domain '-1,1;-2,2' --schedule 'constant;step:stepSize=50,gamma=0.1' --out xy.jsonl",
];

export function registerSweep(program: Command): void {
  const cmd = program
    .command('sweep')
    .description("run a grid of fit jobs, any of fit's options listing several values; one JSONL row per job")
    .addHelpText(
      'after',
      `
Listing values: a,b,c (--domain and --schedule: a;b because their values hold commas), integer
ranges 0..4, and braces anywhere in a value: 1-{8,16}-1. The grid is every combination.

Examples:
${SWEEP_EXAMPLES.map((e) => `  ${e}`).join('\n')}

Each row: {"key", "options", "metrics", "wallTimeSec", "worker"}; key is a hash of the job's options.
Rerun a stopped sweep with the same --out: jobs already in the file are skipped.
Exit codes: 0 every job finished, 2 bad input or a job failed, 130 interrupted (rerun to continue).`,
    );
  for (const option of fitOptionTable()) cmd.addOption(option);
  cmd
    .requiredOption(
      '--out <file.jsonl>',
      'where the rows go; an existing file is continued; e.g. --out results.jsonl',
    )
    .option(
      '--workers <n>',
      'jobs at once on this machine, each on one core (default: every core); e.g. --workers 2',
    )
    .option(
      '--queue <url>',
      'queue the jobs in Redis for `mlp-lab worker` processes instead of running them here; e.g. --queue redis://127.0.0.1:6379',
    )
    .action(async (raw: Raw, self: Command) => {
      const given = (key: string) => {
        const source = self.getOptionValueSource(key);
        return source === 'cli' || source === 'env';
      };
      const { out, workers, queue, ...fitRaw } = raw;
      if (queue !== undefined && workers !== undefined) {
        throw new UsageError(
          '--workers applies to local runs; with --queue give it to each `mlp-lab worker`',
        );
      }
      const jobs = sweepJobs(fitRaw, given, fitOptionTable());
      await runSweep(jobs, {
        out: out as string,
        workers: parseWorkers(workers as string | undefined),
        queue: queue as string | undefined,
        quiet: raw.quiet === true,
      });
    });

  program
    .command('worker')
    .description('take sweep jobs from a Redis queue and train them, until stopped with Ctrl-C')
    .requiredOption('--queue <url>', 'the queue a sweep submits to; e.g. --queue redis://10.0.0.5:6379')
    .option('--workers <n>', 'jobs at once, each on one core (default: every core); e.g. --workers 4')
    .option(
      '--stalled-interval <ms>',
      'how long a job of a worker that died waits before another worker takes it; every worker should use the same; e.g. --stalled-interval 10000',
      '30000',
    )
    .option('--quiet', 'no line per job; e.g. --quiet')
    .action(async (raw: Raw) => {
      const stalledIntervalMs = parseIntegerOption('--stalled-interval', raw.stalledInterval as string, 100);
      const workers = parseWorkers(raw.workers as string | undefined);
      const log = (line: string) => {
        if (raw.quiet !== true) process.stderr.write(`${new Date().toISOString()} ${line}\n`);
      };
      const { startQueueWorker } = await import('../analysis/sweep/queue.node.js');
      let worker: QueueWorker;
      try {
        worker = await startQueueWorker(raw.queue as string, {
          workers,
          stalledIntervalMs,
          onJob: (event, key, detail) => log(`${event} ${key}${detail ? `: ${detail}` : ''}`),
        });
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      log(`worker on ${raw.queue} with ${workers} threads`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await worker.close();
      throw new CancelledError('worker stopped; its unfinished jobs go to other workers');
    });
}
