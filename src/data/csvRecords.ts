/**
 * Splits CSV text into records (RFC 4180: fields in double quotes may hold the
 * delimiter, newlines and doubled quotes ""). Each record keeps the line it
 * starts on so later errors can point at it. Blank lines are skipped.
 */
import { DataFileError } from './errors.js';

export interface CsvRecord {
  /** 1-based line number where the record starts. */
  readonly line: number;
  readonly fields: readonly string[];
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export function readCsvRecords(text: string, source = 'CSV', delimiter = ','): CsvRecord[] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new Error(
      `CSV delimiter must be one character other than a quote or newline, got ${JSON.stringify(delimiter)}`,
    );
  }
  const delim = delimiter.charCodeAt(0);
  const records: CsvRecord[] = [];
  const len = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  while (pos < len) {
    const startLine = line;
    const fields: string[] = [];
    let blank = true;
    for (;;) {
      let field: string;
      if (text.charCodeAt(pos) === QUOTE) {
        blank = false;
        const quoteLine = line;
        let value = '';
        let from = pos + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) {
            throw new DataFileError(
              `${source} line ${quoteLine}: quoted field ${fields.length + 1} is never closed; add the closing "`,
            );
          }
          line += countNewlines(text, from, q);
          value += text.slice(from, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += '"';
            from = q + 2;
          } else {
            pos = q + 1;
            break;
          }
        }
        const next = text.charCodeAt(pos);
        if (pos < len && next !== delim && next !== LF && next !== CR) {
          throw new DataFileError(
            `${source} line ${line}: field ${fields.length + 1} has text after its closing quote; ` +
              'put the whole field in quotes and double any quote inside it',
          );
        }
        field = value;
      } else {
        let end = pos;
        while (end < len) {
          const c = text.charCodeAt(end);
          if (c === delim || c === LF || c === CR) break;
          if (c === QUOTE) {
            throw new DataFileError(
              `${source} line ${line}: field ${fields.length + 1} has a quote inside an unquoted value; ` +
                'put the whole field in quotes and double any quote inside it',
            );
          }
          end++;
        }
        field = text.slice(pos, end);
        if (field.trim() !== '') blank = false;
        pos = end;
      }
      fields.push(field);
      if (pos < len && text.charCodeAt(pos) === delim) {
        blank = false;
        pos++;
        continue;
      }
      break;
    }
    // The record ends at a newline (CRLF, LF or a lone CR) or at the end of the text.
    if (text.charCodeAt(pos) === CR) pos++;
    if (text.charCodeAt(pos) === LF) pos++;
    line++;
    if (!blank) records.push({ line: startLine, fields });
  }
  return records;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) n++;
  }
  return n;
}
