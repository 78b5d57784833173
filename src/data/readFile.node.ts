/** File reading with errors that name the file and say what to do. */

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataFileError } from './errors.js';
import { isGzip } from './idx.js';

export function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DataFileError(`${path}: file not found`);
    if (code === 'EISDIR') throw new DataFileError(`${path}: is a directory, expected a file`);
    throw new DataFileError(`${path}: cannot read: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** UTF-8 text, decompressed first when the file is gzipped (checked by magic bytes, not by name). */
export function readText(path: string): string {
  let bytes = readBytes(path);
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (err) {
      throw new DataFileError(
        `${path}: gzip data is corrupt: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}
