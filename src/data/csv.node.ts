/** Reads a CSV file (plain or gzipped) from disk and parses it with parseCsv. */
import { basename } from 'node:path';
import { type CsvDataset, type CsvOptions, parseCsv } from './csv.js';
import { readText } from './readFile.node.js';

export function loadCsvFile(path: string, options: Omit<CsvOptions, 'source'> = {}): CsvDataset {
  return parseCsv(readText(path), {
    name: basename(path).replace(/\.csv(\.gz)?$/i, ''),
    ...options,
    source: path,
  });
}
