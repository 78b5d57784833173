/** mlp-lab's public API, browser-safe: the engine (tensors, layers, models), optimizers, training, data and the model file. */
export * from './analysis/index.js';
export * from './data/index.js';
export * from './io/index.js';
export * from './nn/index.js';
export * from './optim/index.js';
export * from './tensor/index.js';
export * from './train/index.js';
