/**
 * Reading a sweep's JSONL output back: the rows of finished jobs, in file
 * order. A sweep killed while writing can leave a last line without its
 * newline; that line is not a finished job, so it is reported as a torn
 * tail (the writer cuts it off before appending) instead of an error.
 */
import type { SweepRow } from './job.js';

export interface ParsedRows {
  readonly rows: SweepRow[];
  /** Characters at the end of the text that belong to no complete row; 0 when the text ends cleanly. */
  readonly tornChars: number;
}

function isRow(value: unknown): value is SweepRow {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  return typeof r.key === 'string' && typeof r.options === 'object' && typeof r.metrics === 'object';
}

/** Parses JSONL rows; throws naming the line when a complete line is not a row (the file is not a sweep's). */
export function parseRows(text: string, source = 'the sweep output'): ParsedRows {
  const end = text.lastIndexOf('\n') + 1;
  const rows: SweepRow[] = [];
  const lines = text.slice(0, end).split('\n');
  lines.pop();
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (!isRow(value)) {
      throw new Error(
        `${source} line ${i + 1} is not a sweep row; give --out a new file or one an earlier sweep wrote`,
      );
    }
    rows.push(value);
  });
  return { rows, tornChars: text.length - end };
}

/** The JSONL line for a row, newline included. */
export function formatRow(row: SweepRow): string {
  return `${JSON.stringify(row)}\n`;
}
