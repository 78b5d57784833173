/**
 * Model files on disk (Node only): written and read a line at a time
 * (modelFile.ts describes the format), atomically, with a validated load.
 */

import { readFileSync } from 'node:fs';
import type { Sequential } from '../nn/sequential.js';
import type { Checkpoint } from '../train/checkpoint.js';
import { describeFsError, writeChunksAtomic } from './atomic.node.js';
import { checkpointFileLines, type LoadedCheckpoint, readCheckpointLines } from './checkpointFile.js';
import { type OpenedLines, openLines } from './lines.node.js';
import {
  isLinesHeader,
  type LoadedModel,
  MAX_HEADER_CHARS,
  ModelFileError,
  type ModelLinesRead,
  type ModelMetadata,
  modelFileLines,
  parseModel,
  readModelLines,
} from './modelFile.js';

/** The largest model or checkpoint file read: far above any MLP that fits a machine, and a bound for a wrong path. */
export const MAX_MODEL_FILE_BYTES = 2 ** 40;
/** A version 1 file is one JSON document read as one string; V8 strings end near 2^29 characters. */
const MAX_V1_BYTES = 2 ** 29 - 64;

/**
 * Writes the model file atomically, line by line. The header is checked as
 * the reader checks it before anything is written, so this never leaves a
 * file its own reader rejects, and a failure (a diverged model, an
 * unwritable directory) keeps any existing file at path intact.
 */
export function saveModel(path: string, model: Sequential, metadata: ModelMetadata = {}): void {
  writeChunksAtomic(path, modelFileLines(model, metadata, path));
}

/**
 * Opens a model or checkpoint file and reads its header and model tensors;
 * `rest` reads whatever follows (a checkpoint's state). Version 1 files are
 * read whole.
 */
export function readModelFile<T>(
  path: string,
  what: string,
  v2: (read: ModelLinesRead) => T,
  v1: (text: string) => T,
): T {
  let opened: OpenedLines;
  try {
    opened = openLines(path, what, MAX_MODEL_FILE_BYTES, MAX_HEADER_CHARS * 4);
  } catch (e) {
    throw new ModelFileError(path, describeFsError(e, what));
  }
  try {
    let first: string | undefined;
    try {
      first = opened.lines.next();
    } catch (e) {
      throw new ModelFileError(path, describeFsError(e, what));
    }
    if (first === undefined || first.trim() === '') throw new ModelFileError(path, 'the file is empty');
    if (isLinesHeader(first)) {
      try {
        return v2(readModelLines(first, opened.lines, path, opened.size));
      } catch (e) {
        if (e instanceof ModelFileError) throw e;
        throw new ModelFileError(path, describeFsError(e, what));
      }
    }
    if (opened.size > MAX_V1_BYTES) {
      throw new ModelFileError(
        path,
        `a version 1 file (one JSON document) is read as one string, which holds at most ${MAX_V1_BYTES} bytes`,
      );
    }
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new ModelFileError(path, describeFsError(e, what));
    }
    return v1(text);
  } finally {
    opened.close();
  }
}

/** Reads and validates a model file; every problem is a ModelFileError whose message names the path. */
export function loadModel(path: string): LoadedModel {
  return readModelFile(
    path,
    'model file',
    (read) => read.loaded,
    (text) => parseModel(text, path),
  );
}

/** Writes a checkpoint file atomically, line by line (see checkpointFile.ts). */
export function saveCheckpoint(path: string, checkpoint: Checkpoint, metadata: ModelMetadata = {}): void {
  writeChunksAtomic(path, checkpointFileLines(checkpoint, metadata, path));
}

/** Reads and checks a checkpoint file completely; every problem is a ModelFileError naming the path. */
export function loadCheckpoint(path: string): LoadedCheckpoint {
  return readModelFile(path, 'checkpoint file', readCheckpointLines, () => {
    throw new ModelFileError(
      path,
      'a version 1 checkpoint cannot be resumed by this mlp-lab; start the run again (its model.json still loads)',
    );
  });
}
