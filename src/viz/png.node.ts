/**
 * SVG to PNG in Node through resvg (Rust, prebuilt, no browser). System fonts
 * are loaded so the text that figures set in DejaVu Sans renders as drawn.
 */
import { Resvg } from '@resvg/resvg-js';

/** Rasterises an SVG scaled to `width` pixels wide (height follows the aspect ratio). */
export function svgToPng(svg: string, width: number): Uint8Array {
  if (!(Number.isInteger(width) && width > 0))
    throw new Error(`svgToPng: width must be a positive integer, got ${width}`);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return new Uint8Array(resvg.render().asPng());
}
