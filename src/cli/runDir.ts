/**
 * The --out directory of a fit run: created safely, held by one run at a
 * time (a lock file with the owner's pid; a lock whose process is gone is
 * stale and taken over), never silently reused for a different run, written
 * atomically, and every failure reported as one line naming the path
 * (exit 2), never a raw stack or errno.
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describeFsError, writeJsonAtomic } from '../io/atomic.node.js';
import type { ModelMetadata } from '../io/modelFile.js';
import { saveCheckpoint, saveModel } from '../io/modelFile.node.js';
import type { Sequential } from '../nn/sequential.js';
import type { Checkpoint } from '../train/checkpoint.js';
import { UsageError } from './errors.js';

/**
 * mkdir -p, one level at a time: Node 20's recursive mkdirSync can spin
 * forever on some paths (under /proc), and this also names the level that failed.
 */
export function makeRunDir(dir: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  while (!existsSync(at)) {
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  if (missing.length === 0 && !statSync(at).isDirectory()) {
    throw new UsageError(`--out ${dir}: exists and is not a directory; choose another path`);
  }
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (e) {
      throw new UsageError(`--out ${dir}: cannot create ${level}: ${describeFsError(e, 'directory')}`);
    }
  }
}

function writing(path: string, write: () => void): void {
  try {
    write();
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot write ${path}: ${describeFsError(e)}`);
  }
}

export const LOCK_FILE = 'run.lock';

/** Whether a process with this pid exists (EPERM: it does, as another user's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock or says who holds it. A lock left by a process that no longer runs is removed. */
function lock(dir: string): string {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new UsageError(`--out ${dir}: cannot create ${path}: ${describeFsError(e)}`);
      }
      let owner = Number.NaN;
      try {
        owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
      } catch {
        // removed between our open and read: the next attempt takes it
      }
      if (Number.isSafeInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new UsageError(
          `--out ${dir} is in use by another mlp-lab fit (pid ${owner}); wait for it to finish or choose another --out`,
        );
      }
      try {
        unlinkSync(path);
      } catch {
        // another run removed the stale lock first; the next attempt decides
      }
      continue;
    }
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return path;
  }
  throw new UsageError(
    `--out ${dir}: another mlp-lab fit took ${LOCK_FILE} at the same moment; choose another --out`,
  );
}

export interface RunDirOptions {
  /** Overwrite a folder that holds another run. */
  readonly force: boolean;
  /** The checkpoint being resumed, if any: resuming a folder's own run may write into it. */
  readonly resume?: string;
}

export class RunDir {
  private constructor(
    readonly dir: string,
    private readonly lockPath: string,
  ) {}

  /** Creates (or reuses) the folder and takes its lock; refuses one holding another run unless told. */
  static open(dir: string, options: RunDirOptions): RunDir {
    makeRunDir(dir);
    const lockPath = lock(dir);
    const run = new RunDir(dir, lockPath);
    const ownResume = options.resume !== undefined && resolve(dirname(options.resume)) === resolve(dir);
    if (existsSync(run.path('run.json')) && !options.force && !ownResume) {
      run.release();
      throw new UsageError(
        `--out ${dir} already holds another run (run.json); choose a new folder, continue it with --resume ${join(dir, 'checkpoint.json')}, or replace it with --force`,
      );
    }
    return run;
  }

  /** Removes the lock if it is still this process's. */
  release(): void {
    try {
      if (Number.parseInt(readFileSync(this.lockPath, 'utf8'), 10) === process.pid) unlinkSync(this.lockPath);
    } catch {
      // already gone
    }
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  writeJson(name: string, value: unknown): void {
    writing(this.path(name), () => writeJsonAtomic(this.path(name), value));
  }

  writeModel(model: Sequential, metadata: ModelMetadata): void {
    writing(this.path('model.json'), () => saveModel(this.path('model.json'), model, metadata));
  }

  writeCheckpoint(checkpoint: Checkpoint, metadata: ModelMetadata): void {
    const path = this.path('checkpoint.json');
    writing(path, () => saveCheckpoint(path, checkpoint, metadata));
  }
}
