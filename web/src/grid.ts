/** Sizes of what the worker computes for each view, shared by the worker and the panels that draw it. */
export const GRID = 64;
export const NEURON_GRID = 24;
export const CURVE_POINTS = 256;
/** Neurons per layer drawn as maps; wider layers show their first ones (the diagram shows them all as a matrix). */
export const MAX_NEURON_MAPS = 32;
/** Regions beyond which the exact enumeration stops (the page then says "more than N"). */
export const MAX_REGIONS = 20000;
