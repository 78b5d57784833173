/** Reads IDX files from disk, gzipped or not, with node:fs and node:zlib. */
import { gunzipSync } from 'node:zlib';
import type { Dataset } from './dataset.js';
import { type IdxArray, type IdxDatasetOptions, idxToDataset, parseIdx } from './idx.js';
import { readBytes } from './readFile.node.js';

export function readIdxFile(path: string): IdxArray {
  return parseIdx(readBytes(path), { source: path, gunzip: (b) => gunzipSync(b) });
}

/** An images file and its labels file as one classification set (pixels scaled to [0, 1] unless scale: false). */
export function loadIdxPair(
  imagesPath: string,
  labelsPath: string,
  options: Omit<IdxDatasetOptions, 'imagesSource' | 'labelsSource'> = {},
): Dataset {
  return idxToDataset(readIdxFile(imagesPath), readIdxFile(labelsPath), {
    ...options,
    imagesSource: imagesPath,
    labelsSource: labelsPath,
  });
}
