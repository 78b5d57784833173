/**
 * The CSV files bundled with scikit-learn (iris.csv, wine_data.csv,
 * breast_cancer.csv, digits.csv.gz). Their first line is not a header but
 * "n_samples,n_features,class name,class name,..."; digits has no such line at
 * all. Every row is n_features numbers followed by the integer class label.
 */

import { type DType, zeros } from '../tensor/matrix.js';
import { show } from './check.js';
import { readCsvRecords } from './csvRecords.js';
import type { Dataset } from './dataset.js';
import { parseDecimal } from './decimal.js';
import { DataFileError } from './errors.js';

export interface SklearnCsvOptions {
  /** File name for error messages. */
  readonly source?: string;
  /** 'sklearn' (default): the first line gives the counts and class names; 'none': rows only, as in digits. */
  readonly header?: 'sklearn' | 'none';
  /** Class names; required with header 'none', and otherwise taken from the header line. */
  readonly classes?: readonly string[];
  readonly featureNames?: readonly string[];
  readonly name?: string;
  readonly dtype?: DType;
}

export function parseSklearnCsv(text: string, options: SklearnCsvOptions = {}): Dataset {
  const source = options.source ?? 'sklearn CSV';
  const records = readCsvRecords(text, source);
  if (records.length === 0) throw new DataFileError(`${source}: is empty`);

  let rows = records;
  let classes = options.classes;
  let expectedRows: number | undefined;
  let nFeatures: number;
  if ((options.header ?? 'sklearn') === 'sklearn') {
    const [head, ...rest] = records;
    const [samples, features, ...names] = head.fields.map((f) => f.trim());
    const s = parseDecimal(samples ?? '');
    const f = parseDecimal(features ?? '');
    if (
      s === undefined ||
      f === undefined ||
      !Number.isInteger(s) ||
      !Number.isInteger(f) ||
      f < 1 ||
      names.length < 2
    ) {
      throw new DataFileError(
        `${source} line ${head.line}: expected the scikit-learn header "n_samples,n_features,class,class,...", ` +
          `found ${JSON.stringify(head.fields.join(','))}`,
      );
    }
    rows = rest;
    classes ??= names;
    expectedRows = s;
    nFeatures = f;
  } else {
    if (classes === undefined)
      throw new DataFileError(`${source}: a file without a header needs the class names option`);
    nFeatures = records[0].fields.length - 1;
    if (nFeatures < 1)
      throw new DataFileError(
        `${source} line ${records[0].line}: expected features and a label, found 1 field`,
      );
  }
  if (classes.length < 2)
    throw new DataFileError(`${source}: needs at least 2 class names, got ${classes.length}`);
  if (expectedRows !== undefined && rows.length !== expectedRows) {
    throw new DataFileError(
      `${source}: the header promises ${expectedRows} samples but the file has ${rows.length} rows`,
    );
  }
  if (rows.length === 0) throw new DataFileError(`${source}: has no data rows`);
  if (options.featureNames !== undefined && options.featureNames.length !== nFeatures) {
    throw new DataFileError(
      `${source}: has ${nFeatures} features but ${options.featureNames.length} feature names were given`,
    );
  }

  // Every row is checked before x is allocated, so a header cannot ask for more memory than the file holds.
  for (const r of rows) {
    if (r.fields.length !== nFeatures + 1) {
      throw new DataFileError(
        `${source} line ${r.line}: expected ${nFeatures + 1} fields (${nFeatures} features and a label), found ${r.fields.length}`,
      );
    }
  }
  const n = rows.length;
  const dtype = options.dtype ?? 'float32';
  const x = zeros(n, nFeatures, dtype);
  const y = zeros(n, 1, dtype);
  rows.forEach((r, i) => {
    r.fields.forEach((field, j) => {
      const v = parseDecimal(field.trim());
      if (v === undefined || !Number.isFinite(v)) {
        throw new DataFileError(
          `${source} line ${r.line}: field ${j + 1} is ${JSON.stringify(field)}, not a finite number`,
        );
      }
      if (j < nFeatures) x.data[i * nFeatures + j] = v;
      else if (!Number.isInteger(v) || v < 0 || v >= classes.length) {
        throw new DataFileError(
          `${source} line ${r.line}: label ${show(v)} is not a class index 0..${classes.length - 1}`,
        );
      } else y.data[i] = v;
    });
  });
  return {
    x,
    y,
    task: classes.length === 2 ? 'binary' : 'multiclass',
    classes,
    ...(options.featureNames !== undefined ? { featureNames: options.featureNames } : {}),
    ...(options.name !== undefined ? { name: options.name } : {}),
  };
}
