/**
 * SVG to PNG in Node with resvg (a Rust renderer, no browser). System fonts
 * are loaded so that text renders; DejaVu Sans is the fallback family because
 * it covers the Greek letters and symbols (ε, ≤, ²) the figures use.
 */
import { createRequire } from 'node:module';
import type * as ResvgModule from '@resvg/resvg-js';

// A native addon that takes some 50 ms to load: required with the first PNG, not by every program that might write one.
const require = createRequire(import.meta.url);
let resvgModule: typeof ResvgModule | undefined;

export function svgToPng(svg: string, width: number): Uint8Array {
  if (!(Number.isInteger(width) && width > 0))
    throw new Error(`svgToPng: width must be a positive integer, got ${width}`);
  resvgModule ??= require('@resvg/resvg-js') as typeof ResvgModule;
  const resvg = new resvgModule.Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: 'white',
  });
  return new Uint8Array(resvg.render().asPng());
}
