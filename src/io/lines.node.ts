/**
 * Reading a file a line at a time (Node only), with the checks a reader
 * needs before it reads anything: the path is a regular file (not a FIFO or
 * /dev/zero, which never end) and no larger than the caller's limit. Lines
 * are cut from fixed-size chunks, so no string longer than one line exists.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Lines } from './modelFile.js';

const CHUNK = 1 << 20;

export interface OpenedLines {
  readonly lines: Lines;
  /** The file's size in bytes. */
  readonly size: number;
  close(): void;
}

/** Opens for reading without blocking: opening a FIFO with no writer would otherwise wait forever. */
export function openForCheck(path: string): number {
  return openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
}

/** Throws an Error whose message says what is wrong with the path (the caller adds which file). */
export function checkRegularFile(fd: number, maxBytes: number, what: string): number {
  const stat = fstatSync(fd);
  if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (!stat.isFile()) throw new Error(`is not a regular file (a device, FIFO or socket); give a ${what}`);
  if (stat.size > maxBytes) {
    throw new Error(`is ${stat.size} bytes, more than the ${maxBytes} a ${what} may have`);
  }
  return stat.size;
}

/**
 * Opens path for reading by lines. A line longer than maxLineBytes is an
 * error naming its number: a file of the expected kind has no such line.
 */
export function openLines(path: string, what: string, maxBytes: number, maxLineBytes: number): OpenedLines {
  const fd = openForCheck(path);
  let size: number;
  try {
    size = checkRegularFile(fd, maxBytes, what);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  const decoder = new TextDecoder('utf-8');
  const chunk = new Uint8Array(CHUNK);
  let filled = 0;
  let start = 0;
  let ended = false;
  let carry: Uint8Array[] = [];
  let carried = 0;
  let lineNo = 0;
  const lines: Lines = {
    next() {
      for (;;) {
        const nl = chunk.subarray(start, filled).indexOf(10);
        if (nl >= 0) {
          const piece = chunk.subarray(start, start + nl);
          start += nl + 1;
          lineNo++;
          if (carried + piece.length > maxLineBytes)
            throw new Error(`line ${lineNo} is longer than ${maxLineBytes} bytes`);
          const bytes = carried === 0 ? piece : Buffer.concat([...carry, piece]);
          carry = [];
          carried = 0;
          return decoder.decode(bytes);
        }
        if (ended) {
          if (start >= filled && carried === 0) return undefined;
          const bytes = Buffer.concat([...carry, chunk.subarray(start, filled)]);
          carry = [];
          carried = 0;
          start = filled;
          lineNo++;
          return decoder.decode(bytes);
        }
        if (start < filled) {
          carry.push(chunk.slice(start, filled));
          carried += filled - start;
          if (carried > maxLineBytes)
            throw new Error(`line ${lineNo + 1} is longer than ${maxLineBytes} bytes`);
        }
        start = 0;
        filled = readSync(fd, chunk, 0, CHUNK, null);
        if (filled === 0) ended = true;
      }
    },
  };
  return { lines, size, close: () => closeSync(fd) };
}
