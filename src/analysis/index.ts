export * from './affine.js';
export * from './collapseAffine.js';
export * from './constructions/index.js';
export * from './contributions.js';
export type {
  Chart,
  Claim as ExperimentClaim,
  FitJob,
  FitJobResult,
  JobRunner,
} from './experiments/common.js';
export { runFitJob as runExperimentFitJob, runInProcess } from './experiments/common.js';
export {
  type Experiment,
  type ExperimentResult,
  type ExperimentSize,
  experiments,
} from './experiments/index.js';
export * from './formula.js';
export * from './health.js';
export * from './linearClassifier.js';
export * from './pieces.js';
export * from './probe.js';
export * from './regions/index.js';
export * from './softmaxClassifier.js';
export * from './supError.js';
export * from './xor.js';
