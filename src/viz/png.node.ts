/**
 * SVG to PNG in Node with resvg (a Rust renderer, no browser). System fonts
 * are loaded so that text renders; DejaVu Sans is the fallback family because
 * it covers the Greek letters and symbols (ε, ≤, ²) the figures use.
 */
import { Resvg } from '@resvg/resvg-js';

export function svgToPng(svg: string, width: number): Uint8Array {
  if (!(Number.isInteger(width) && width > 0))
    throw new Error(`svgToPng: width must be a positive integer, got ${width}`);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: 'white',
  });
  return new Uint8Array(resvg.render().asPng());
}
