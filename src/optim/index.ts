export * from './clip.js';
export * from './optimizer.js';
export type * from './options.js';
export * from './penalty.js';
export * from './plateau.js';
export type * from './rule.js';
export { optimizers } from './rules/index.js';
export * from './scheduler.js';
export * from './schedules.js';
