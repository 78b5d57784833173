export * from './affine.js';
export * from './collapseAffine.js';
export * from './linearClassifier.js';
export * from './xor.js';
