export { evaluate1d, evaluateRows, oneHidden } from './build.js';
export * from './bumps.js';
export { dyadicGrid } from './dyadic.js';
export * from './gates.js';
export * from './interpolant.js';
export * from './sawtooth.js';
export * from './width2.js';
export * from './yarotsky.js';
