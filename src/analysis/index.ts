export * from './affine.js';
export * from './collapseAffine.js';
export * from './constructions/index.js';
export * from './contributions.js';
export * from './linearClassifier.js';
export * from './pieces.js';
export * from './supError.js';
export * from './xor.js';
