/** The browser-safe data API. Node-only loaders live in the *.node.ts files and are not re-exported here. */

export { type CsvColumn, type CsvDataset, type CsvOptions, parseCsv } from './csv.js';
export { type CsvRecord, readCsvRecords } from './csvRecords.js';
export type { Dataset, SplitDataset, Task } from './dataset.js';
export { DataFileError } from './errors.js';
export { parseTarget, type Target } from './expression.js';
export { FASHION_MNIST_CLASSES } from './fashionMnist.js';
export {
  applyFeatures,
  type FeatureSpec,
  type FourierSpec,
  featureCount,
  featureIdentifiers,
  featureNames,
  fourierFrequencies,
  isIdentityFeatures,
  MAX_FOURIER,
  parseFeatureSpec,
  withFeatures,
} from './features.js';
export {
  type IdxArray,
  type IdxData,
  type IdxDatasetOptions,
  type IdxDtype,
  idxToDataset,
  isGzip,
  type ParseIdxOptions,
  parseIdx,
} from './idx.js';
export {
  type CodeColumn,
  type DataMetadata,
  datasetMetadata,
  finishSplit,
  type PreparedData,
  type RawSplit,
  sampleTargetSplit,
  type TargetOptions,
  targetSplit,
} from './prepare.js';
export { type Interval, type SampleTargetOptions, sampleTarget } from './sampleTarget.js';
export { parseSklearnCsv, type SklearnCsvOptions } from './sklearnCsv.js';
export { selectRows, trainTestSplit } from './split.js';
export {
  fitStandardizer,
  parseStandardizer,
  type StandardizeOptions,
  type Standardizer,
  standardize,
  standardizeSplit,
  unstandardize,
} from './standardize.js';
export {
  generateSynthetic,
  isSyntheticName,
  SYNTHETIC,
  SYNTHETIC_NAMES,
  type SyntheticName,
  type SyntheticOptions,
  type SyntheticSpec,
} from './synthetic.js';
