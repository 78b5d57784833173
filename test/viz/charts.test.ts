/** The Vega-Lite charts: line charts, training curves, 1D fits and heatmaps render to valid SVG and PNG. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fit1dFigure } from '../../src/viz/fit1d.js';
import { gridPoints, heatmapFigure } from '../../src/viz/heatmap.js';
import { curvesFigure, lineChart } from '../../src/viz/lineChart.js';
import { vegaLiteFigure } from '../../src/viz/vegaFigure.js';
import { checkFigure, texts } from './svgCheck.js';

describe('line charts', () => {
  it('draws every series with its legend entry, axis titles and title', async () => {
    const ws = [2, 4, 8, 16, 32];
    const fig = await lineChart({
      name: 'error-vs-width',
      title: 'Error against width',
      xLabel: 'hidden units',
      yLabel: 'max error',
      logX: true,
      logY: true,
      series: [
        { label: 'relu', xs: ws, ys: ws.map((w) => 1 / w ** 2), points: true },
        { label: 'tanh', xs: ws, ys: ws.map((w) => 1 / w), dashed: true },
      ],
    });
    const words = texts(checkFigure(fig));
    for (const w of ['Error against width', 'hidden units', 'max error', 'relu', 'tanh'])
      assert.ok(words.includes(w), w);
  });

  it('leaves values a log axis cannot place out of the chart instead of failing', async () => {
    const fig = await lineChart({
      name: 'zeros',
      title: 'Exact constructions',
      xLabel: 'k',
      yLabel: 'error',
      logY: true,
      series: [{ label: 'error', xs: [1, 2, 3, 4], ys: [0.5, 0, 0.125, 0.0625], points: true }],
    });
    const dots = checkFigure(fig).filter(
      (e) => e.name === 'path' && /A/.test(e.attrs.d ?? '') && e.attrs.transform,
    );
    assert.equal(dots.length, 3, 'one dot per positive value');
  });

  it('rejects series whose xs and ys differ in length', () => {
    assert.throws(
      () =>
        lineChart({
          name: 'bad',
          title: 't',
          xLabel: 'x',
          yLabel: 'y',
          series: [{ label: 's', xs: [1, 2], ys: [1] }],
        }),
      /2 xs but 1 ys/,
    );
  });

  it('numbers training curves from step 1 on a log loss axis', async () => {
    const fig = await curvesFigure({
      name: 'loss',
      title: 'Loss',
      curves: [
        { label: 'train', values: [1, 0.5, 0.25, 0.125] },
        { label: 'validation', values: [1.1, 0.6, 0.4, 0.35] },
      ],
    });
    const words = texts(checkFigure(fig));
    assert.ok(words.includes('epoch') && words.includes('loss') && words.includes('validation'));
  });
});

describe('vega renders offline', () => {
  it('refuses a spec that would load data from a URL', async () => {
    await assert.rejects(
      vegaLiteFigure('remote', 'remote', {
        data: { url: 'https://example.com/data.json' },
        mark: 'point',
        encoding: { x: { field: 'a', type: 'quantitative' } },
      }),
      /refusing to load/,
    );
  });
});

describe('one-input fits', () => {
  const xs = Array.from({ length: 101 }, (_, i) => -1 + i / 50);
  const relu = (v: number) => Math.max(0, v);
  const units = [(x: number) => relu(x), (x: number) => relu(-x)];
  const fit = xs.map((x) => units[0](x) + units[1](x));

  it('shows target, fit, each contribution, the kinks and the data in the legend', async () => {
    const fig = await fit1dFigure({
      name: 'abs',
      title: '|x| = ReLU(x) + ReLU(−x)',
      xs,
      target: xs.map(Math.abs),
      fit,
      contributions: units.map((u, i) => ({ label: `unit ${i + 1}`, ys: xs.map(u) })),
      kinks: [0],
      points: [{ x: 0.5, y: 0.5 }],
    });
    const words = texts(checkFigure(fig));
    for (const w of ['target', 'network', 'unit 1', 'unit 2', 'kinks (1)', 'data'])
      assert.ok(words.includes(w), w);
  });

  it('folds many contributions into one legend entry', async () => {
    const many = Array.from({ length: 20 }, (_, k) => ({
      label: `u${k}`,
      ys: xs.map((x) => relu(x - k / 20)),
    }));
    const words = texts(checkFigure(await fit1dFigure({ xs, fit, contributions: many })));
    assert.ok(words.includes('unit contributions (20)'));
    assert.ok(!words.includes('u3'));
  });
});

describe('heatmaps', () => {
  it('lays panels side by side over one colour scale with the points on top', async () => {
    const g = gridPoints([-0.5, 1.5, -0.5, 1.5], 20);
    const values = Float64Array.from({ length: 400 }, (_, k) => g.inputs[2 * k] - g.inputs[2 * k + 1]);
    const points = [
      { x: 0, y: 0, label: 0 },
      { x: 1, y: 1, label: 0 },
      { x: 0, y: 1, label: 1 },
      { x: 1, y: 0, label: 1 },
    ];
    const fig = await heatmapFigure({
      name: 'xor-spaces',
      title: 'Input and hidden space',
      valueLabel: 'linear fit',
      mid: 0,
      panels: [
        { title: 'input space', field: { xs: g.xs, ys: g.ys, values }, points },
        { title: 'hidden space', field: { xs: g.xs, ys: g.ys, values }, points, xLabel: 'h₁', yLabel: 'h₂' },
      ],
    });
    const elements = checkFigure(fig);
    const words = texts(elements);
    for (const w of ['input space', 'hidden space', 'linear fit', 'class', 'h₁'])
      assert.ok(words.includes(w), w);
    const cells = elements.filter(
      (e) => e.name === 'path' && /^M[\d.-]+,[\d.-]+h[\d.]+v[\d.]+h-[\d.]+Z$/.test(e.attrs.d ?? ''),
    );
    assert.ok(cells.length >= 800, `${cells.length} cells for two 20×20 grids`);
  });

  it('lays out grid points row by row from the bottom left', () => {
    const g = gridPoints([0, 2, 0, 1], 2, 2);
    assert.deepEqual(Array.from(g.xs), [0.5, 1.5]);
    assert.deepEqual(Array.from(g.ys), [0.25, 0.75]);
    assert.deepEqual(Array.from(g.inputs), [0.5, 0.25, 1.5, 0.25, 0.5, 0.75, 1.5, 0.75]);
  });
});
