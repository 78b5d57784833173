/**
 * Small pieces for the figures that are not charts (region maps, network
 * diagrams, the elements of a network): escaping, number formatting, nice
 * ticks and a framed plot area with axes, drawn in the same style as the
 * Vega-Lite charts (theme.ts).
 */
import { AXIS_TITLE_SIZE, FONT, LABEL_SIZE, MUTED, TEXT, TITLE_SIZE } from './theme.js';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Coordinates to 2 decimals: a hundredth of a pixel is invisible and keeps 10,000-polygon maps small. */
export function px(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** A number for a label: at most `digits` significant digits, a true minus sign, no trailing zeros. */
export function num(v: number, digits = 3): string {
  if (v === 0) return '0';
  const s =
    Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3
      ? v.toExponential(digits - 1)
      : String(Number(v.toPrecision(digits)));
  return s.replace('-', '−');
}

/** Ticks at 1, 2 or 5 × 10^k covering [lo, hi], about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step)
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
  return ticks;
}

export function text(
  x: number,
  y: number,
  s: string,
  opts: {
    size?: number;
    anchor?: 'start' | 'middle' | 'end';
    weight?: 'bold';
    fill?: string;
    rotate?: number;
  } = {},
): string {
  const rot = opts.rotate ? ` transform="rotate(${opts.rotate} ${px(x)} ${px(y)})"` : '';
  return `<text x="${px(x)}" y="${px(y)}" font-size="${opts.size ?? LABEL_SIZE}" text-anchor="${opts.anchor ?? 'start'}"${opts.weight ? ` font-weight="${opts.weight}"` : ''} fill="${opts.fill ?? TEXT}"${rot}>${esc(s)}</text>`;
}

/** Opening tag, white background and title block shared by every hand-built figure. */
export function svgOpen(width: number, height: number, title: string, subtitle?: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    text(10, 28, title, { size: TITLE_SIZE, weight: 'bold' }),
    subtitle ? text(10, 48, subtitle, { fill: MUTED }) : '',
  ].join('');
}

export interface PlotArea {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

export function scaleX(a: PlotArea, v: number): number {
  return a.left + ((v - a.x[0]) / (a.x[1] - a.x[0])) * a.width;
}

export function scaleY(a: PlotArea, v: number): number {
  return a.top + a.height - ((v - a.y[0]) / (a.y[1] - a.y[0])) * a.height;
}

/** Grid lines, frame, ticks and axis titles around a plot area (drawn after the content so the frame sits on top). */
export function axes(a: PlotArea, xTitle: string, yTitle: string): string {
  const out: string[] = [];
  const bottom = a.top + a.height;
  for (const t of niceTicks(a.x[0], a.x[1])) {
    const x = scaleX(a, t);
    out.push(`<line x1="${px(x)}" y1="${bottom}" x2="${px(x)}" y2="${bottom + 5}" stroke="${MUTED}"/>`);
    out.push(text(x, bottom + 20, num(t), { anchor: 'middle' }));
  }
  for (const t of niceTicks(a.y[0], a.y[1])) {
    const y = scaleY(a, t);
    out.push(`<line x1="${a.left - 5}" y1="${px(y)}" x2="${a.left}" y2="${px(y)}" stroke="${MUTED}"/>`);
    out.push(text(a.left - 8, y + 4, num(t), { anchor: 'end' }));
  }
  out.push(
    `<rect x="${a.left}" y="${a.top}" width="${a.width}" height="${a.height}" fill="none" stroke="${MUTED}"/>`,
  );
  out.push(text(a.left + a.width / 2, bottom + 42, xTitle, { size: AXIS_TITLE_SIZE, anchor: 'middle' }));
  out.push(
    text(a.left - 46, a.top + a.height / 2, yTitle, { size: AXIS_TITLE_SIZE, anchor: 'middle', rotate: -90 }),
  );
  return out.join('');
}
