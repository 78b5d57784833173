/**
 * The small classic data sets that ship with scikit-learn (Debian package
 * python3-sklearn), read from its data folder: the dir option, else
 * $MLP_LAB_SKLEARN_DATA_DIR, else where Debian installs it.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DType } from '../tensor/matrix.js';
import type { Dataset } from './dataset.js';
import { DataFileError } from './errors.js';
import { readText } from './readFile.node.js';
import { parseSklearnCsv, type SklearnCsvOptions } from './sklearnCsv.js';

export const DEFAULT_SKLEARN_DATA_DIR = '/usr/lib/python3/dist-packages/sklearn/datasets/data';
export const SKLEARN_DATA_DIR_ENV = 'MLP_LAB_SKLEARN_DATA_DIR';

export type SklearnDatasetName = 'iris' | 'wine' | 'breast-cancer' | 'digits';

interface SklearnFile {
  readonly file: string;
  readonly description: string;
  readonly parse: Omit<SklearnCsvOptions, 'source' | 'name' | 'dtype'>;
}

const NUCLEUS_FEATURES = [
  'radius',
  'texture',
  'perimeter',
  'area',
  'smoothness',
  'compactness',
  'concavity',
  'concave points',
  'symmetry',
  'fractal dimension',
];

// Feature names as scikit-learn's load_* functions give them.
export const SKLEARN_DATASETS: Readonly<Record<SklearnDatasetName, SklearnFile>> = {
  iris: {
    file: 'iris.csv',
    description: '150 iris flowers, 4 measurements, 3 species',
    parse: {
      featureNames: ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'],
    },
  },
  wine: {
    file: 'wine_data.csv',
    description: '178 wines, 13 chemical measurements, 3 cultivars',
    parse: {
      featureNames: [
        'alcohol',
        'malic_acid',
        'ash',
        'alcalinity_of_ash',
        'magnesium',
        'total_phenols',
        'flavanoids',
        'nonflavanoid_phenols',
        'proanthocyanins',
        'color_intensity',
        'hue',
        'od280/od315_of_diluted_wines',
        'proline',
      ],
    },
  },
  'breast-cancer': {
    file: 'breast_cancer.csv',
    description: '569 tumours, 30 cell-nucleus features, malignant or benign',
    parse: {
      featureNames: [
        ...NUCLEUS_FEATURES.map((f) => `mean ${f}`),
        ...NUCLEUS_FEATURES.map((f) => `${f} error`),
        ...NUCLEUS_FEATURES.map((f) => `worst ${f}`),
      ],
    },
  },
  digits: {
    file: 'digits.csv.gz',
    description: '1797 handwritten digits, 8 × 8 pixels of 0..16',
    parse: {
      header: 'none',
      classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      featureNames: Array.from({ length: 64 }, (_, k) => `pixel_${Math.floor(k / 8)}_${k % 8}`),
    },
  },
};

export interface SklearnDatasetOptions {
  /** scikit-learn's datasets/data directory. Default: $MLP_LAB_SKLEARN_DATA_DIR, else where Debian's python3-sklearn installs it. */
  readonly dir?: string;
  readonly dtype?: DType;
}

export function loadSklearnDataset(name: SklearnDatasetName, options: SklearnDatasetOptions = {}): Dataset {
  if (!Object.hasOwn(SKLEARN_DATASETS, name)) {
    throw new Error(
      `unknown scikit-learn data set "${name}": choose one of ${Object.keys(SKLEARN_DATASETS).join(', ')}`,
    );
  }
  const spec = SKLEARN_DATASETS[name];
  const dir = options.dir ?? (process.env[SKLEARN_DATA_DIR_ENV] || DEFAULT_SKLEARN_DATA_DIR);
  const path = join(dir, spec.file);
  if (!existsSync(path)) {
    const advice =
      dir === DEFAULT_SKLEARN_DATA_DIR
        ? `it ships with scikit-learn: install it with "apt-get install python3-sklearn", or give the folder that holds it as the dir option or in $${SKLEARN_DATA_DIR_ENV}`
        : `give scikit-learn's datasets/data folder as the dir option or in $${SKLEARN_DATA_DIR_ENV}`;
    throw new DataFileError(`${name} data set not found: ${path} does not exist; ${advice}`);
  }
  return parseSklearnCsv(readText(path), { ...spec.parse, source: path, name, dtype: options.dtype });
}
