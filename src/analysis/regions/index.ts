/** Exact linear regions of piecewise-linear nets, their sampled counts and their bounds. */

export { chainWidths } from './architecture.js';
export { decisionBoundary, type Segment } from './boundary.js';
export { type RegionBounds, type RegionBoundsExact, regionBounds, regionBoundsExact } from './bounds.js';
export { RegionLimitError } from './enumerate.js';
export { type LocalAffineMap, localAffineMap } from './localAffine.js';
export { DEFAULT_MAX_REGIONS, DEFAULT_TOLERANCE, type RegionOptions } from './options.js';
export {
  type PiecewiseActivation,
  type RegionProgram,
  regionProgram,
  UnsupportedLayerError,
} from './program.js';
export { type RegionMap, type RegionMapRequest, regionMap } from './regionMap.js';
export { linearRegions1d, linearRegionsOnLine, type Piece1d, type Regions1d } from './regions1d.js';
export {
  countLinearRegions2d,
  type Domain2d,
  linearRegions2d,
  linearRegionsOnPlane,
  PLANE_DOMAIN,
  type Region2d,
  type Regions2d,
} from './regions2d.js';
export {
  type GridOptions,
  type LineCount,
  type SampledCount,
  sampleRegionsOnGrid,
  sampleRegionsOnLine,
} from './sampled.js';
