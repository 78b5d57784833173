/**
 * Vega-Lite → SVG with no DOM and no network: the spec is compiled to Vega,
 * run in a headless View (renderer 'none') and serialised by toSVG(), the same
 * code path in Node and in a browser. Every chart carries its data inline; the
 * loader refuses any URL so a spec can never fetch.
 */
import type { Loader, LoggerInterface } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import type { Figure } from './figure.js';
import { esc } from './svg.js';
import { vegaLiteConfig } from './theme.js';

function refuse(what: string): Promise<never> {
  return Promise.reject(new Error(`figures carry their data inline; refusing to load ${what}`));
}

const offlineLoader: Loader = {
  load: (uri) => refuse(uri),
  sanitize: (uri) => refuse(uri),
  http: (uri) => refuse(uri),
  file: (filename) => refuse(filename),
};

/**
 * Vega reports a failed load or a bad encoding as a warning and draws on
 * without the data; a figure missing its data must fail instead, so warnings
 * and errors are collected and thrown after rendering.
 */
function collectingLogger(problems: string[]): LoggerInterface {
  const record = (kind: string) =>
    function (this: LoggerInterface, ...args: unknown[]) {
      problems.push(`${kind}: ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`);
      return this;
    };
  const logger: LoggerInterface = {
    level: () => 2,
    error: record('error'),
    warn: record('warning'),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/**
 * Vega writes coordinates with full float precision; two decimals of a pixel
 * are invisible and cut heatmaps to a fraction of their size. Only geometry
 * attributes are touched, never text.
 */
function compact(svg: string): string {
  return crispRects(svg).replace(
    /\s(d|transform|x|y|x1|x2|y1|y2|width|height)="([^"]*)"/g,
    (_, attr: string, value: string) =>
      ` ${attr}="${value.replace(/-?\d+\.\d{3,}(e-?\d+)?/g, (n) => String(Math.round(Number(n) * 100) / 100))}"`,
  );
}

/**
 * Heatmap cells tile the plane edge to edge; antialiasing each edge on its own
 * lets the white background show through as a faint grid. Rect marks are drawn
 * without edge antialiasing (browsers and resvg both honour crispEdges).
 */
function crispRects(svg: string): string {
  return svg.replace(
    /<g class="mark-rect role-mark/g,
    '<g shape-rendering="crispEdges" class="mark-rect role-mark',
  );
}

/**
 * Renders a Vega-Lite spec (its config merged over the house theme) to a Figure.
 * Vega and Vega-Lite are loaded with the first figure: they are a few hundred
 * modules, which a program that imports a figure module but draws nothing
 * (`mlp-lab --help`) should not wait for.
 */
export async function vegaLiteFigure(name: string, title: string, spec: TopLevelSpec): Promise<Figure> {
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const withTheme = { ...spec, config: { ...vegaLiteConfig, ...(spec.config ?? {}) } } as TopLevelSpec;
  const problems: string[] = [];
  const logger = collectingLogger(problems);
  const view = new View(parse(compile(withTheme, { logger }).spec), {
    renderer: 'none',
    loader: offlineLoader,
    logger,
  });
  try {
    // A <title> names the figure to screen readers and in a browser tab, as the hand-built ones do.
    const svg = compact(await view.toSVG()).replace(/^(<svg[^>]*>)/, `$1<title>${esc(title)}</title>`);
    if (problems.length > 0) throw new Error(`figure ${name}: ${problems.join('; ')}`);
    const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
    if (!size) throw new Error(`figure ${name}: Vega produced an SVG without a size`);
    return { name, title, svg, width: Number(size[1]), height: Number(size[2]) };
  } finally {
    view.finalize();
  }
}
