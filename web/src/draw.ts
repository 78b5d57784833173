/** Colours and the pixel work of the maps: value → colour, and grids painted into canvases. */

export const CLASS_COLORS = [
  '#e8871e',
  '#1f77b4',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
];

type Rgb = [number, number, number];

function rgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const PALETTE = CLASS_COLORS.map(rgb);
const NEG: Rgb = [232, 135, 30];
const POS: Rgb = [31, 119, 180];

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** Diverging: −1 orange, 0 the background, +1 blue (the signed-weight colours too). */
export function diverging(v: number, bg: Rgb): Rgb {
  const t = Math.max(-1, Math.min(1, v));
  return t < 0 ? mix(bg, NEG, -t) : mix(bg, POS, t);
}

/** Class k's colour mixed into the background by t (0: background, 1: the class colour), as CSS. */
export function classTint(k: number, bg: Rgb, t: number): string {
  const [r, g, b] = mix(bg, PALETTE[k % PALETTE.length], t);
  return `rgb(${Math.round(r)},${Math.round(g)},${Math.round(b)})`;
}

export function signedColor(v: number): string {
  return v < 0 ? 'rgb(232,135,30)' : 'rgb(31,119,180)';
}

export function background(dark: boolean): Rgb {
  return dark ? [30, 30, 34] : [255, 255, 255];
}

/**
 * Paints a rows × cols grid into an ImageData-sized canvas. kind: 'classes'
 * takes probabilities (width 1: P(class 1); width k: a distribution per cell),
 * 'signed' takes values scaled by 1/scale onto the diverging colours.
 */
export function paintGrid(
  canvas: HTMLCanvasElement,
  values: Float32Array,
  size: number,
  mode: { kind: 'classes'; width: number } | { kind: 'signed'; scale: number; offset?: number },
  dark: boolean,
): void {
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(size, size);
  const bg = background(dark);
  for (let i = 0; i < size * size; i++) {
    let c: Rgb;
    if (mode.kind === 'classes') {
      if (mode.width === 1) {
        const p = values[i];
        c = mix(bg, p > 0.5 ? PALETTE[1] : PALETTE[0], Math.abs(p - 0.5) * 1.4);
      } else {
        let best = 0;
        for (let k = 1; k < mode.width; k++)
          if (values[i * mode.width + k] > values[i * mode.width + best]) best = k;
        const conf = (values[i * mode.width + best] - 1 / mode.width) / (1 - 1 / mode.width);
        c = mix(bg, PALETTE[best % PALETTE.length], 0.15 + 0.55 * conf);
      }
    } else {
      c = diverging((values[i] - (mode.offset ?? 0)) / mode.scale, bg);
    }
    img.data[4 * i] = c[0];
    img.data[4 * i + 1] = c[1];
    img.data[4 * i + 2] = c[2];
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

export function maxAbs(values: ArrayLike<number>, from = 0, to = values.length): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(values[i]));
  return m || 1;
}

/** A compact number: 4 significant digits, exponent form when tiny or huge. */
export function fmt(v: number | undefined, digits = 4): string {
  if (v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}
