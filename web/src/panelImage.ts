/**
 * A panel of the page as a PNG that looks like the screen: the panel's
 * background, then in document order each element's own background, each
 * canvas's pixels, each SVG (serialised with its computed colours written in,
 * since the style sheet and the theme's variables do not travel with it) and
 * each line of text, all at the panel's on-screen positions. Form controls and
 * button captions are left out: they are the page's tools, not the picture.
 */

/** Presentation properties copied from the computed style into a serialised SVG. */
const SVG_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'visibility',
  'display',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
] as const;

/** Controls and their labels: the page's tools, not part of the picture. */
const SKIPPED = 'select, input, textarea, label, script, style, [role=radiogroup]';

const transparent = (colour: string) => colour === 'transparent' || /rgba\(.*,\s*0\)$/.test(colour);

/** Part of an SVG drawn as a whole: its outermost svg element is one image, so nothing inside it is drawn again. */
const insideSvg = (n: Node) =>
  n instanceof SVGElement ? n.ownerSVGElement !== null : n.parentElement instanceof SVGElement;

/** The first opaque background from el up to the root, so a transparent panel still gets the page's colour. */
function backgroundOf(el: Element): string {
  for (let e: Element | null = el; e; e = e.parentElement) {
    const bg = getComputedStyle(e).backgroundColor;
    if (!transparent(bg)) return bg;
  }
  return '#fff';
}

function svgImage(svg: SVGSVGElement, width: number, height: number): Promise<HTMLImageElement> {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const style = getComputedStyle(el);
    const target = to[i] as SVGElement;
    for (const p of SVG_PROPS) target.style.setProperty(p, style.getPropertyValue(p));
  });
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  const url = URL.createObjectURL(
    new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' }),
  );
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve(img);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('the SVG could not be drawn'));
    };
    img.src = url;
  });
}

/** Draws a text node line by line: characters whose boxes share a top are one line. */
function drawText(ctx: CanvasRenderingContext2D, node: Text, ox: number, oy: number): void {
  const parent = node.parentElement;
  if (!parent) return;
  const style = getComputedStyle(parent);
  if (style.visibility !== 'visible') return;
  const text = node.data;
  const range = document.createRange();
  ctx.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  ctx.fillStyle = style.color;
  ctx.textBaseline = 'middle';
  let line = '';
  let at: DOMRect | null = null;
  const flush = () => {
    if (at && line.trim()) ctx.fillText(line, at.left - ox, (at.top + at.bottom) / 2 - oy);
    line = '';
    at = null;
  };
  for (let i = 0; i < text.length; i++) {
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    const r = range.getClientRects()[0];
    // Collapsed white space has no box: it belongs to whichever line is open.
    if (!r) continue;
    if (at && Math.abs(r.top - (at as DOMRect).top) > 1) flush();
    if (!at) at = r;
    line += text[i];
  }
  flush();
}

/** The panel as PNG bytes at `scale` device pixels per CSS pixel. */
export async function panelPng(panel: HTMLElement, scale: number): Promise<Blob> {
  const box = panel.getBoundingClientRect();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(box.width * scale);
  canvas.height = Math.round(box.height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw into a canvas');
  ctx.scale(scale, scale);
  ctx.fillStyle = backgroundOf(panel);
  ctx.fillRect(0, 0, box.width, box.height);
  const walker = document.createTreeWalker(panel, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => {
      if (insideSvg(n) || (n instanceof Element && n.matches(SKIPPED))) return NodeFilter.FILTER_REJECT;
      // A button's caption is left out, but a picture inside one (the map is a button) is drawn.
      if (n instanceof HTMLButtonElement) return NodeFilter.FILTER_SKIP;
      if (n instanceof Text && n.parentElement?.closest('button')) return NodeFilter.FILTER_REJECT;
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n instanceof Text) {
      drawText(ctx, n, box.left, box.top);
      continue;
    }
    const el = n as Element;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const [x, y] = [r.left - box.left, r.top - box.top];
    const bg = getComputedStyle(el).backgroundColor;
    if (el !== panel && !transparent(bg)) {
      ctx.fillStyle = bg;
      ctx.fillRect(x, y, r.width, r.height);
    }
    if (el instanceof HTMLCanvasElement) {
      ctx.imageSmoothingEnabled = getComputedStyle(el).imageRendering !== 'pixelated';
      ctx.drawImage(el, x, y, r.width, r.height);
    } else if (el instanceof SVGSVGElement) {
      ctx.drawImage(await svgImage(el, r.width, r.height), x, y, r.width, r.height);
    }
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be encoded'))), 'image/png'),
  );
}
