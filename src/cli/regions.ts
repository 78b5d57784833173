/**
 * `mlp-lab regions MODEL.json`: the exact linear regions of a saved model
 * over an interval (1 input), a rectangle (2 inputs) or the plane through
 * three rows of a data set (any input size), with the architecture's bounds
 * beside the count. Domains are in the data's own units: the model file's
 * standardisation is applied inside.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { type RegionMap, regionMap } from '../analysis/regions/regionMap.js';
import type { Piece1d } from '../analysis/regions/regions1d.js';
import { loadCsvFile } from '../data/csv.node.js';
import type { Dataset } from '../data/dataset.js';
import { dataNames } from '../data/datasets.node.js';
import { loadFashionMnist } from '../data/fashionMnist.node.js';
import {
  loadSklearnDataset,
  SKLEARN_DATASETS,
  type SklearnDatasetName,
} from '../data/sklearnDatasets.node.js';
import { generateSynthetic, isSyntheticName } from '../data/synthetic.js';
import { writeFileAtomic } from '../io/atomic.node.js';
import { type LoadedModel, ModelFileError } from '../io/modelFile.js';
import { loadModel } from '../io/modelFile.node.js';
import { Rng } from '../tensor/rng.js';
import type { Figure } from '../viz/figure.js';
import { pieces1dFigure } from '../viz/pieces1d.js';
import { svgToPng } from '../viz/png.node.js';
import { mapFigure } from './demos/regions.js';
import { asUsageError, UsageError } from './errors.js';
import { parseIntegerOption } from './values.js';

interface RegionsOptions {
  domain?: string;
  plane?: string;
  dataset?: string;
  seed: string;
  maxRegions: string;
  json?: boolean;
  out?: string;
}

export function registerRegions(program: Command): void {
  program
    .command('regions')
    .description(
      'count and map the exact linear regions of a saved ReLU-type model, beside the bounds for its shape',
    )
    .argument('<model.json>', 'a model file written by fit --out')
    .option(
      '--domain <numbers>',
      'lo,hi for a 1-input model; x0,x1,y0,y1 (or lo,hi for both) for 2 inputs or, with --plane, in (s, t) (default -0.5,1.5); e.g. --domain -3,3,-2,2',
    )
    .option(
      '--plane <A,B,C>',
      'row indices of three inputs of --dataset: map x = A + s(B − A) + t(C − A); e.g. --plane 0,1,2',
    )
    .option(
      '--dataset <name|file>',
      `the rows --plane indexes, in file order: ${dataNames().join(', ')} or a .csv path (synthetic sets are drawn with --seed, 1000 rows)`,
    )
    .option('--seed <n>', 'seed for drawing a synthetic --dataset; e.g. --seed 2', '1')
    .option('--max-regions <n>', 'stop past this many regions; e.g. --max-regions 200000', '1000000')
    .option('--json', 'print the count, bounds and domain as one JSON object')
    .option(
      '--out <dir>',
      'write regions.json (every region: polygon or interval, pattern, affine map) and the figure, regions.svg and regions.png, into DIR; e.g. --out runs/map',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  mlp-lab regions runs/xor/model.json --domain -2,2,-2,2\n  mlp-lab regions runs/sin/model.json --domain -3,3 --json\n  mlp-lab regions runs/fashion/model.json --plane 0,1,2 --dataset fashion-mnist --out runs/fashion/map',
    )
    .action(async (path: string, opts: RegionsOptions) => {
      const loaded = load(path);
      const domain = opts.domain === undefined ? undefined : parseNumbers('--domain', opts.domain);
      const maxRegions = parseIntegerOption('--max-regions', opts.maxRegions);
      let plane: [number[], number[], number[]] | undefined;
      let rows: number[] | undefined;
      if (opts.plane !== undefined || opts.dataset !== undefined) {
        if (opts.plane === undefined || opts.dataset === undefined)
          throw new UsageError('--plane and --dataset go together (example: --plane 0,1,2 --dataset iris)');
        rows = parseNumbers('--plane', opts.plane);
        if (rows.length !== 3 || !rows.every((r) => Number.isInteger(r) && r >= 0))
          throw new UsageError(
            `--plane must be three row indices, got '${opts.plane}' (example: --plane 0,1,2)`,
          );
        plane = planeRows(opts.dataset, rows, loaded, parseIntegerOption('--seed', opts.seed, 0));
      } else if (domain === undefined) {
        throw new UsageError('give --domain (example: --domain -3,3 for 1 input, --domain -2,2,-2,2 for 2)');
      }
      let map: RegionMap;
      try {
        map = regionMap(loaded.model, { domain, plane, standardizer: loaded.standardizer, maxRegions });
      } catch (e) {
        throw asUsageError(e);
      }
      const summary = {
        model: loaded.model.describe(),
        kind: map.kind,
        count: map.count,
        bounds: map.bounds,
        widths: map.widths,
        domain: map.domain,
        ...(rows ? { plane: { dataset: opts.dataset, rows } } : {}),
        ...(map.breakpoints ? { breakpoints: map.breakpoints } : {}),
      };
      if (opts.out) await writeOutputs(opts.out, { ...summary, ...map }, map, loaded.model.describe());
      process.stdout.write(
        opts.json ? `${JSON.stringify(summary, null, 2)}\n` : `${describe(summary, map)}\n`,
      );
    });
}

function load(path: string): LoadedModel {
  try {
    return loadModel(path);
  } catch (e) {
    if (e instanceof ModelFileError) throw new UsageError(e.message);
    throw asUsageError(e);
  }
}

function parseNumbers(option: string, text: string): number[] {
  const values = text.split(',').map((v) => Number(v.trim()));
  if (values.length === 0 || !values.every(Number.isFinite) || text.trim() === '')
    throw new UsageError(`${option} must be numbers joined by ',', got '${text}'`);
  return values;
}

/** The data set's input rows in file order (a synthetic set in drawing order); `rows` of them suffice. */
function datasetInputs(name: string, seed: number, rows: number): Dataset {
  if (/\.csv(\.gz)?$/i.test(name)) return loadCsvFile(name, { dtype: 'float64' });
  const key = name.toLowerCase().replace(/_/g, '-');
  if (isSyntheticName(key)) return generateSynthetic(key, { n: 1000, rng: new Rng(seed), dtype: 'float64' });
  // The training images in file order; only as many as the plane needs (all 60 000 would be 376 MB in float64).
  if (key === 'fashion-mnist') return loadFashionMnist({ dtype: 'float64', limit: rows }).train;
  if (Object.hasOwn(SKLEARN_DATASETS, key))
    return loadSklearnDataset(key as SklearnDatasetName, { dtype: 'float64' });
  throw new UsageError(
    `unknown data set "${name}": choose one of ${dataNames().join(', ')}, or give a path to a .csv file`,
  );
}

function planeRows(
  name: string,
  rows: readonly number[],
  loaded: LoadedModel,
  seed: number,
): [number[], number[], number[]] {
  let ds: Dataset;
  try {
    ds = datasetInputs(name, seed, Math.max(...rows) + 1);
  } catch (e) {
    throw asUsageError(e);
  }
  const { x } = ds;
  if (x.cols !== loaded.model.nIn)
    throw new UsageError(`${name} has ${x.cols} input columns but the model takes ${loaded.model.nIn}`);
  const bad = rows.find((r) => r >= x.rows);
  if (bad !== undefined)
    throw new UsageError(`--plane row ${bad} is out of range: ${name} has ${x.rows} rows`);
  const row = (r: number): number[] => Array.from(x.data.subarray(r * x.cols, (r + 1) * x.cols));
  return [row(rows[0]), row(rows[1]), row(rows[2])];
}

const BOUND_NAMES: Record<keyof RegionMap['bounds'], string> = {
  zaslavsky: 'Zaslavsky: one hidden layer in general position has exactly',
  montufar: 'Montúfar et al. 2014: some net of this shape has at least',
  serra: 'Serra et al. 2018: no net of this shape has more than',
  naive: 'width^depth rule of thumb (not a bound)',
};

function describe(summary: { model: string; count: number; domain: number[] }, map: RegionMap): string {
  const d = map.domain;
  const where =
    map.kind === 'interval'
      ? `on [${d[0]}, ${d[1]}]`
      : `${map.kind === 'plane' ? 'on the plane A + s(B − A) + t(C − A), (s, t) in' : 'on'} [${d[0]}, ${d[1]}] × [${d[2]}, ${d[3]}]`;
  const lines = [`${summary.model} ${where}: ${map.count.toLocaleString('en-US')} linear regions (exact)`];
  if (map.widths) {
    lines.push(`bounds for widths [${map.widths.join(', ')}]:`);
    for (const [k, label] of Object.entries(BOUND_NAMES)) {
      const v = map.bounds[k as keyof RegionMap['bounds']];
      lines.push(`  ${label}: ${v === null ? 'does not apply' : v.toLocaleString('en-US')}`);
    }
  } else {
    lines.push('bounds: none apply (they are for chains of Linear + relu/leaky_relu layers)');
  }
  if (map.breakpoints)
    lines.push(`breakpoints: ${map.breakpoints.map((b) => Number(b.toPrecision(6))).join(', ')}`);
  return lines.join('\n');
}

/** regions.json, and the figure as regions.svg and regions.png: the pieces of an interval, the polygons of a 2D map. */
async function writeOutputs(dir: string, json: object, map: RegionMap, model: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, 'regions.json'), `${JSON.stringify(json)}\n`);
  const figure = map.pieces ? await intervalFigure(map, map.pieces, model) : await planeFigure(map, model);
  writeFileAtomic(join(dir, 'regions.svg'), figure.svg);
  writeFileAtomic(join(dir, 'regions.png'), svgToPng(figure.svg, figure.width));
}

function intervalFigure(map: RegionMap, pieces: readonly Piece1d[], model: string): Promise<Figure> {
  const [lo, hi] = map.domain;
  return pieces1dFigure({
    name: 'regions',
    title: `Linear pieces of ${model} on [${lo}, ${hi}]`,
    subtitle: `${map.count.toLocaleString('en-US')} linear pieces (exact), ${map.count - 1} kinks`,
    pieces,
  });
}

function planeFigure(map: RegionMap, model: string): Promise<Figure> {
  const plane = map.kind === 'plane';
  return mapFigure(
    'regions',
    `Linear regions of ${model}${plane ? ' on the plane through A, B, C' : ''}`,
    map,
    plane
      ? {
          points: [
            { x: 0, y: 0, label: 'A, B, C (data rows)' },
            { x: 1, y: 0, label: 'A, B, C (data rows)' },
            { x: 0, y: 1, label: 'A, B, C (data rows)' },
          ],
          xLabel: 's (towards B)',
          yLabel: 't (towards C)',
        }
      : {},
  );
}
