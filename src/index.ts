/** mlp-lab's public API: the engine (tensors, layers, models), training, data and analysis. */
export * from './data/dataset.js';
export * from './nn/index.js';
export * from './tensor/index.js';
