export * from './gemm.js';
export * from './matrix.js';
export * from './rng.js';
export * from './rowops.js';
export * from './special.js';
