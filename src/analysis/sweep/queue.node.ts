/**
 * Sweeps across machines through a BullMQ queue in Redis. The submitting
 * process puts each job on the queue under its key (so a job is queued
 * once however often a sweep is resubmitted), collects the results and is
 * the only writer of the JSONL file; `mlp-lab worker` processes on any
 * number of machines take jobs and train them in a local thread pool.
 *
 * A worker that dies mid-job stops renewing its lock; after the stall
 * interval BullMQ hands the job to another worker. The submitter removes a
 * job from Redis only after its row is written, so a submitter killed in
 * between finds the finished job again when it is rerun.
 */
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { FitJobOptions } from './job.js';
import { createJobPool, type JobResult } from './pool.node.js';

export const QUEUE_NAME = 'mlp-lab-sweep';

/** How many times a job that threw or whose worker died is tried before it counts as failed. */
const ATTEMPTS = 3;

/**
 * A client for a --queue URL. BullMQ cannot load a Redis client by itself
 * from ES modules, so it is handed one; the caller disconnects it.
 */
export function redisClient(url: string): Redis {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL('invalid:');
  }
  if (parsed.protocol !== 'redis:' || parsed.hostname === '') {
    throw new Error(
      `--queue must be a redis://HOST:PORT URL, got '${url}' (example: --queue redis://127.0.0.1:6379)`,
    );
  }
  // Workers wait for Redis across restarts instead of failing a job on the first lost connection.
  const client = new Redis(url, { maxRetriesPerRequest: null });
  // A refused connection arrives as an 'error' event on every retry; ready() turns it into one message.
  client.on('error', () => {});
  return client;
}

/** Resolves once `client` talks to Redis, or rejects after `ms` with a message naming the URL. */
async function ready(client: { waitUntilReady(): Promise<unknown> }, url: string, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `cannot reach Redis at ${url} within ${ms / 1000} s; start redis-server there or fix --queue`,
          ),
        ),
      ms,
    );
  });
  try {
    await Promise.race([client.waitUntilReady(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface QueuedJob {
  readonly key: string;
  readonly options: FitJobOptions;
}

export interface SubmitOptions {
  readonly onResult: (key: string, result: JobResult) => void;
  readonly onFailure: (key: string, reason: string) => void;
  readonly signal?: AbortSignal;
  /** How often finished jobs are collected. Default 250 ms. */
  readonly pollMs?: number;
  /** How long to wait for Redis to answer at the start. Default 10 s. */
  readonly connectTimeoutMs?: number;
}

/**
 * Queues the jobs and calls onResult once per job as workers finish them;
 * resolves when every job has finished or failed, or when `signal` aborts
 * (the jobs then stay queued for the next submission).
 */
export async function runJobsOnQueue(
  url: string,
  jobs: readonly QueuedJob[],
  options: SubmitOptions,
): Promise<void> {
  const client = redisClient(url);
  const queue = new Queue<FitJobOptions, JobResult>(QUEUE_NAME, { connection: client });
  queue.on('error', () => {});
  try {
    await ready(queue, url, options.connectTimeoutMs ?? 10_000);
    const pending = new Set(jobs.map((j) => j.key));
    for (const { key } of jobs) {
      // A job that failed in an earlier submission gets a fresh set of attempts.
      const old = await queue.getJob(key);
      if (old && (await old.isFailed())) await old.remove();
    }
    await queue.addBulk(
      jobs.map((j) => ({
        name: 'fit',
        data: j.options,
        opts: { jobId: j.key, attempts: ATTEMPTS, removeOnComplete: false, removeOnFail: false },
      })),
    );
    const pollMs = options.pollMs ?? 250;
    const collect = async (list: Job<FitJobOptions, JobResult>[], failed: boolean) => {
      for (const job of list) {
        if (!job?.id || !pending.has(job.id)) continue;
        if (failed) options.onFailure(job.id, job.failedReason);
        else options.onResult(job.id, job.returnvalue);
        pending.delete(job.id);
        await job.remove();
      }
    };
    while (pending.size > 0 && !options.signal?.aborted) {
      await collect(await queue.getCompleted(0, 999), false);
      await collect(await queue.getFailed(0, 999), true);
      if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } finally {
    await queue.close();
    client.disconnect();
  }
}

export interface QueueWorkerOptions {
  /** Jobs trained at once, each in its own thread. */
  readonly workers: number;
  /** How soon the job of a worker that died goes to another one. Default 30 s (BullMQ's). */
  readonly stalledIntervalMs?: number;
  readonly onJob?: (event: 'started' | 'finished' | 'failed', key: string, detail?: string) => void;
  readonly connectTimeoutMs?: number;
}

export interface QueueWorker {
  /** Stops at once: jobs in progress are abandoned and go to another worker after the stall interval. */
  close(): Promise<void>;
}

/** Takes jobs from the queue at `url` until closed, training up to `workers` at once. */
export async function startQueueWorker(url: string, options: QueueWorkerOptions): Promise<QueueWorker> {
  const client = redisClient(url);
  const pool = createJobPool(options.workers);
  const stall = options.stalledIntervalMs ?? 30_000;
  const worker = new Worker<FitJobOptions, JobResult>(
    QUEUE_NAME,
    async (job) => {
      options.onJob?.('started', job.id ?? '');
      return pool.run(job.data);
    },
    {
      connection: client,
      concurrency: options.workers,
      lockDuration: stall,
      stalledInterval: stall,
      maxStalledCount: ATTEMPTS,
      autorun: false,
    },
  );
  worker.on('error', () => {});
  worker.on('completed', (job) => options.onJob?.('finished', job.id ?? ''));
  worker.on('failed', (job, error) => options.onJob?.('failed', job?.id ?? '', error.message));
  try {
    await ready(worker, url, options.connectTimeoutMs ?? 10_000);
  } catch (error) {
    await Promise.all([worker.close(true), pool.close()]);
    client.disconnect();
    throw error;
  }
  void worker.run();
  return {
    close: async () => {
      await worker.close(true);
      await pool.close();
      client.disconnect();
    },
  };
}
