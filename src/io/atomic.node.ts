/**
 * Atomic file writes (Node only). The data goes to a temporary file in the
 * target's directory, is flushed to disk with fsync, and only then renamed
 * over the target; rename within one directory is atomic on POSIX file
 * systems, so a reader sees either the old file or the new one, never a
 * partial write. A failed write removes its temporary file and leaves any
 * existing file untouched; an interrupted process leaves at most a stray
 * `.NAME.*.tmp` next to the intact target.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { stringifyJson } from './json.js';

export interface AtomicWriteOptions {
  /** File mode of a newly created file (default 0o644, less the umask). */
  mode?: number;
  /** Test hook: runs after the data is written and synced, before the rename. Throwing aborts the write. */
  beforeRename?: (tempPath: string) => void;
}

/** Writes text or bytes to path atomically (temp file, fsync, rename). */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): void {
  writeChunksAtomic(path, [data], options);
}

/** Chunks smaller than this are gathered before a write, so a file of short lines costs few system calls. */
const WRITE_BATCH = 1 << 20;

/**
 * Writes a sequence of chunks to path atomically, one batch at a time, so a
 * file far larger than any one string can be written from a generator. A
 * chunk generator that throws aborts the write like a failed write does.
 */
export function writeChunksAtomic(
  path: string,
  chunks: Iterable<string | Uint8Array>,
  options: AtomicWriteOptions = {},
): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  const encoder = new TextEncoder();
  let fd: number | null = openSync(temp, 'wx', options.mode ?? 0o644);
  try {
    const pending: Uint8Array[] = [];
    let size = 0;
    const flush = () => {
      const bytes = pending.length === 1 ? pending[0]! : Buffer.concat(pending, size);
      let off = 0;
      while (off < bytes.length) off += writeSync(fd!, bytes, off, bytes.length - off);
      pending.length = 0;
      size = 0;
    };
    for (const chunk of chunks) {
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      pending.push(bytes);
      size += bytes.length;
      if (size >= WRITE_BATCH) flush();
    }
    if (size > 0) flush();
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    options.beforeRename?.(temp);
    renameSync(temp, path);
  } catch (e) {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // already failing; the original error is the one to report
      }
    }
    try {
      unlinkSync(temp);
    } catch {
      // the temp file may not exist
    }
    throw e;
  }
  syncDirectory(dir);
}

/**
 * Serialises value as JSON (refusing NaN/Infinity, which JSON would turn into
 * null) and writes it atomically. Serialisation happens before anything
 * touches the disk, so a value that cannot be written leaves no trace.
 */
export function writeJsonAtomic(
  path: string,
  value: unknown,
  options: AtomicWriteOptions & { indent?: number } = {},
): void {
  writeFileAtomic(path, stringifyJson(value, options.indent ?? 2), options);
}

/** Makes the rename durable: fsync the directory entry (best effort; not every platform allows it). */
function syncDirectory(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows and some file systems cannot fsync a directory
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Reads a UTF-8 text file, turning fs errors into one-line messages that name the file. */
export function readTextFile(path: string, what = 'file'): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`${path}: ${describeFsError(e, what)}`);
  }
}

/** Reads and parses a JSON file with one-line errors naming the file. */
export function readJsonFile(path: string, what = 'file'): unknown {
  const text = readTextFile(path, what);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** A short, human explanation of a Node fs error. */
export function describeFsError(e: unknown, what = 'file'): string {
  const code = (e as { code?: string } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return `no such ${what} (check the path)`;
    case 'EISDIR':
      return `is a directory, expected a ${what}`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied`;
    case 'ENOTDIR':
      return `a part of the path is not a directory`;
    case 'ERR_STRING_TOO_LONG':
    case 'ERR_FS_FILE_TOO_LARGE':
      return `${what} is too large to read`;
    default:
      return e instanceof Error ? e.message.split('\n')[0] : String(e);
  }
}
