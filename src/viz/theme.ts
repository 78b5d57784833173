/**
 * One look for every figure, hand-built or Vega-Lite: the font resvg finds on
 * Linux (DejaVu Sans; browsers fall back to their sans-serif), sizes that stay
 * readable when a figure is shown 800 px wide, and the colours that carry
 * meaning across figures (positive/negative weights, classes).
 */
export const FONT = 'DejaVu Sans, sans-serif';

export const TEXT = '#222222';
export const MUTED = '#666666';
export const GRID = '#dddddd';

/** Positive weights and values are blue, negative red, on every figure (Vega's 'redblue' scheme agrees). */
export const POSITIVE = '#2166ac';
export const NEGATIVE = '#b2182b';

/** Tableau 10: distinct series colours that survive greyscale printing reasonably. */
export const SERIES = [
  '#4c78a8',
  '#f58518',
  '#54a24b',
  '#e45756',
  '#72b7b2',
  '#eeca3b',
  '#b279a2',
  '#ff9da6',
  '#9d755d',
  '#79706e',
] as const;

export const TITLE_SIZE = 18;
export const LABEL_SIZE = 13;
export const AXIS_TITLE_SIZE = 14;

/** Vega-Lite config applied to every chart. */
export const vegaLiteConfig = {
  font: FONT,
  background: 'white',
  // Per-mark accessibility labels would repeat every data value in the markup (megabytes for a heatmap).
  aria: false,
  padding: 10,
  title: {
    fontSize: TITLE_SIZE,
    subtitleFontSize: LABEL_SIZE,
    subtitleColor: MUTED,
    anchor: 'start',
    offset: 12,
  },
  axis: {
    labelFontSize: LABEL_SIZE,
    titleFontSize: AXIS_TITLE_SIZE,
    titleFontWeight: 'normal',
    gridColor: GRID,
    labelColor: TEXT,
    titleColor: TEXT,
  },
  axisX: { tickCount: 5 },
  legend: { labelFontSize: LABEL_SIZE, titleFontSize: LABEL_SIZE, symbolStrokeWidth: 3, labelLimit: 260 },
  header: { labelFontSize: AXIS_TITLE_SIZE, titleFontSize: AXIS_TITLE_SIZE },
  range: { category: [...SERIES] },
  view: { stroke: '#bbbbbb' },
} as const;
