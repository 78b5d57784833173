/** Model files on disk (Node only): atomic save, validated load. The format is documented in modelFile.ts. */

import { readFileSync } from 'node:fs';
import type { Sequential } from '../nn/sequential.js';
import { describeFsError, writeFileAtomic } from './atomic.node.js';
import {
  type LoadedModel,
  ModelFileError,
  type ModelMetadata,
  parseModel,
  type SerializeOptions,
  stringifyModel,
} from './modelFile.js';

/**
 * Writes the model file atomically. The text is parsed back and validated
 * before anything is written, so this never leaves a file its own reader
 * rejects, and a failure (a diverged model, an unwritable directory) keeps
 * any existing file at path intact.
 */
export function saveModel(
  path: string,
  model: Sequential,
  metadata: ModelMetadata = {},
  options: SerializeOptions = {},
): void {
  const text = stringifyModel(model, metadata, options);
  parseModel(text, path);
  writeFileAtomic(path, text);
}

/** Reads and validates a model file; every problem is a ModelFileError whose message names the path. */
export function loadModel(path: string): LoadedModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ModelFileError(path, describeFsError(e, 'model file'));
  }
  return parseModel(text, path);
}
