/**
 * The --out directory of a fit run: created safely, written atomically, and
 * every failure reported as one line naming the path (exit 2), never a raw
 * stack or errno.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describeFsError, writeJsonAtomic } from '../io/atomic.node.js';
import type { ModelMetadata } from '../io/modelFile.js';
import { saveModel } from '../io/modelFile.node.js';
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

export class RunDir {
  constructor(readonly dir: string) {}

  path(name: string): string {
    return join(this.dir, name);
  }

  writeJson(name: string, value: unknown): void {
    writing(this.path(name), () => writeJsonAtomic(this.path(name), value));
  }

  writeModel(model: Sequential, metadata: ModelMetadata): void {
    writing(this.path('model.json'), () => saveModel(this.path('model.json'), model, metadata));
  }

  writeCheckpoint(checkpoint: Checkpoint): void {
    this.writeJson('checkpoint.json', checkpoint);
  }
}

/** The run.json a checkpoint's run wrote next to it, if any: the options it was started with. */
export function readRunSettings(checkpointPath: string): Record<string, unknown> | undefined {
  const path = join(dirname(checkpointPath), 'run.json');
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${describeFsError(e)}`);
  }
}
