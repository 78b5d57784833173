/** mlp-lab for Node: the browser-safe API plus the loaders and writers that touch the file system. */
export * from './data/csv.node.js';
export * from './data/datasets.node.js';
export * from './data/fashionMnist.node.js';
export * from './data/idx.node.js';
export * from './data/sklearnDatasets.node.js';
export * from './index.node.js';
export * from './io/atomic.node.js';
export * from './io/modelFile.node.js';
