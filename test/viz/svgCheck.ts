/**
 * A strict little XML reader for the figures' SVG: it throws on anything a
 * browser's XML parser would reject (unbalanced or crossed tags, unquoted or
 * repeated attributes, a bare '&' or '<' in text) and returns the elements so
 * tests can count and inspect them.
 */
import assert from 'node:assert/strict';
import type { Figure } from '../../src/viz/figure.js';
import { svgToPng } from '../../src/viz/png.node.js';

export interface Element {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  /** Concatenated text directly inside the element. */
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*$/;
const ENTITY = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

export function parseSvg(svg: string): Element[] {
  const elements: Element[] = [];
  const open: Element[] = [];
  let i = 0;
  let rootSeen = false;
  while (i < svg.length) {
    const lt = svg.indexOf('<', i);
    const chunk = svg.slice(i, lt < 0 ? svg.length : lt);
    if (ENTITY.test(chunk)) throw new Error(`bare '&' in text near ${JSON.stringify(chunk.slice(0, 40))}`);
    if (chunk.includes('>')) throw new Error(`stray '>' in text near ${JSON.stringify(chunk.slice(0, 40))}`);
    if (chunk.trim() && open.length === 0) throw new Error('text outside the root element');
    if (open.length > 0) open[open.length - 1].text += chunk;
    if (lt < 0) break;
    if (svg.startsWith('<!--', lt)) {
      const end = svg.indexOf('-->', lt);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 3;
      continue;
    }
    if (svg.startsWith('<?xml', lt)) {
      i = svg.indexOf('?>', lt) + 2;
      continue;
    }
    const gt = svg.indexOf('>', lt);
    if (gt < 0) throw new Error('unterminated tag');
    const tag = svg.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const top = open.pop();
      if (!top || top.name !== name) throw new Error(`</${name}> closes <${top?.name ?? 'nothing'}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const m = /^([^\s]+)([\s\S]*)$/.exec(body);
    if (!m || !NAME.test(m[1])) throw new Error(`bad tag <${tag.slice(0, 40)}>`);
    const attrs: Record<string, string> = {};
    let rest = m[2];
    const attr = /^\s+([^\s=]+)="([^"<]*)"/;
    for (;;) {
      const a = attr.exec(rest);
      if (!a) break;
      if (!NAME.test(a[1])) throw new Error(`bad attribute name ${a[1]}`);
      if (a[1] in attrs) throw new Error(`attribute ${a[1]} repeated on <${m[1]}>`);
      if (ENTITY.test(a[2])) throw new Error(`bare '&' in attribute ${a[1]}`);
      attrs[a[1]] = a[2];
      rest = rest.slice(a[0].length);
    }
    if (rest.trim()) throw new Error(`unparsed attribute text '${rest.trim().slice(0, 40)}' on <${m[1]}>`);
    if (open.length === 0) {
      if (rootSeen) throw new Error('more than one root element');
      rootSeen = true;
    }
    const el: Element = { name: m[1], attrs, text: '' };
    elements.push(el);
    if (!selfClosing) open.push(el);
  }
  if (open.length > 0) throw new Error(`<${open[open.length - 1].name}> never closed`);
  if (elements.length === 0 || elements[0].name !== 'svg') throw new Error('the root element is not <svg>');
  return elements;
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  if (!signature.every((b, k) => png[k] === b)) throw new Error('not a PNG');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (String.fromCharCode(...png.slice(12, 16)) !== 'IHDR') throw new Error('PNG without IHDR first');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * The checks every figure must pass: well-formed SVG whose root states the
 * figure's size, and a PNG of the requested width with the same aspect ratio.
 */
export function checkFigure(fig: Figure, pngWidth = 800): Element[] {
  const elements = parseSvg(fig.svg);
  const root = elements[0];
  assert.equal(Number(root.attrs.width), fig.width, `${fig.name}: svg width`);
  assert.equal(Number(root.attrs.height), fig.height, `${fig.name}: svg height`);
  assert.equal(elements[1].name, 'title', `${fig.name}: the first child names the figure`);
  assert.equal(
    elements[1].text,
    fig.title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  );
  assert.ok(
    fig.width >= 300 && fig.height >= 200,
    `${fig.name}: ${fig.width}×${fig.height} is too small to read`,
  );
  const png = svgToPng(fig.svg, pngWidth);
  const size = pngSize(png);
  assert.equal(size.width, pngWidth, `${fig.name}: png width`);
  assert.ok(
    Math.abs(size.height - (pngWidth * fig.height) / fig.width) <= 1,
    `${fig.name}: png height ${size.height}`,
  );
  assert.ok(png.length > 5000, `${fig.name}: a ${png.length}-byte PNG is too small to hold the figure`);
  return elements;
}

export function texts(elements: readonly Element[]): string[] {
  return elements.filter((e) => e.name === 'text').map((e) => e.text);
}
