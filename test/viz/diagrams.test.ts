/** Hand-built figures: region maps, network diagrams, the elements of a network. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { elementsPass } from '../../src/analysis/elementsPass.js';
import { gradientCheck } from '../../src/analysis/gradientCheck.js';
import { Activation } from '../../src/nn/activationLayer.js';
import { Linear } from '../../src/nn/linear.js';
import { mlp } from '../../src/nn/mlp.js';
import { Residual } from '../../src/nn/residual.js';
import { Sequential } from '../../src/nn/sequential.js';
import { fromRows } from '../../src/tensor/matrix.js';
import { MseLoss } from '../../src/train/losses/regression.js';
import { elementsFigure } from '../../src/viz/elementsFigure.js';
import { networkDiagramFigure } from '../../src/viz/networkDiagram.js';
import { patternColor, regionMapFigure } from '../../src/viz/regionMap.js';
import { NEGATIVE, POSITIVE } from '../../src/viz/theme.js';
import { checkFigure, texts } from './svgCheck.js';

function linear(nIn: number, nOut: number, w: number[], b: number[]): Linear {
  const l = new Linear(nIn, nOut, { dtype: 'float64' });
  l.weight.value.data.set(w);
  l.bias?.value.data.set(b);
  return l;
}

describe('region maps', () => {
  it('draws 10,000 polygons as 10,000 filled paths, with boundary and points on top', async () => {
    const n = 100;
    const regions = [];
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        const [x0, y0] = [i / n, j / n];
        regions.push({
          polygon: [
            [x0, y0],
            [x0 + 1 / n, y0],
            [x0 + 1 / n, y0 + 1 / n],
            [x0, y0 + 1 / n],
          ] as [number, number][],
          pattern: `${i}|${j}`,
        });
      }
    const fig = await regionMapFigure({
      name: 'grid-regions',
      title: 'A grid of regions',
      regions,
      domain: [0, 1, 0, 1],
      boundary: [
        [
          [0, 0],
          [1, 1],
        ],
      ],
      points: [
        { x: 0.25, y: 0.75, label: 0 },
        { x: 0.75, y: 0.25, label: 1 },
      ],
    });
    const elements = checkFigure(fig);
    const paths = elements.filter((e) => e.name === 'path' && e.attrs.class === 'region');
    assert.equal(paths.length, 10_000);
    assert.ok(
      paths.every((p) => p.attrs.fill?.startsWith('hsl(')),
      'every polygon filled',
    );
    assert.equal(
      new Set(paths.map((p) => p.attrs.fill)).size > 5000,
      true,
      'colours vary from region to region',
    );
    assert.equal(
      elements.filter((e) => e.name === 'polyline').length,
      2,
      'boundary line and its white casing',
    );
    assert.equal(elements.filter((e) => e.name === 'circle').length, 2 + 2, 'two points and two legend dots');
    assert.ok(texts(elements).includes('10,000 linear regions'));
    assert.ok(fig.svg.length < 3_000_000, `${fig.svg.length} bytes`);
  });

  it('places vertices in plot coordinates with y pointing up and equal units on both axes', async () => {
    const fig = await regionMapFigure({
      regions: [
        {
          polygon: [
            [0, 0],
            [2, 0],
            [2, 1],
          ],
          pattern: '1',
        },
      ],
      domain: [0, 2, 0, 1],
    });
    const [path] = checkFigure(fig).filter((e) => e.attrs.class === 'region');
    const pts = [...(path.attrs.d ?? '').matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    assert.equal(pts.length, 3);
    const [a, b, c] = pts;
    assert.equal(a[1], b[1], 'y = 0 edge is horizontal');
    assert.ok(c[1] < b[1], 'larger y is higher on the page');
    assert.ok(Math.abs(b[0] - a[0] - 2 * (b[1] - c[1])) < 0.05, 'one unit of x is as long as one unit of y');
  });

  it('gives a pattern the same colour every time and neighbouring patterns different ones', () => {
    assert.equal(patternColor('0110|10'), patternColor('0110|10'));
    assert.notEqual(patternColor('0110|10'), patternColor('0111|10'));
  });
});

describe('network diagrams', () => {
  it('draws |x| = ReLU(x) + ReLU(−x) with one line per weight, coloured by sign', async () => {
    const abs = new Sequential([
      linear(1, 2, [1, -1], [0, 0]),
      new Activation(2, 'relu', 'float64'),
      linear(2, 1, [1, 1], [0]),
    ]);
    const elements = checkFigure(await networkDiagramFigure(abs, { title: '|x|' }));
    const edges = elements.filter((e) => e.attrs.class === 'edge');
    assert.equal(edges.length, 4);
    for (const e of edges)
      assert.equal(e.attrs.stroke, Number(e.attrs['data-weight']) > 0 ? POSITIVE : NEGATIVE);
    assert.equal(edges.filter((e) => e.attrs.stroke === NEGATIVE).length, 1);
    const words = texts(elements);
    for (const w of ['input (1)', 'hidden 1 (2)', 'output (1)', 'ReLU', '−1', 'x₁', 'h₂', 'ŷ'])
      assert.ok(words.includes(w), w);
  });

  it('leaves zero weights out and widens lines with |w|', async () => {
    const max = new Sequential([
      linear(2, 3, [1, 0, -1, 0, -1, 1], [0, 0, 0]),
      new Activation(3, 'relu', 'float64'),
      linear(3, 1, [1, -1, 0.25], [0]),
    ]);
    const edges = checkFigure(await networkDiagramFigure(max)).filter((e) => e.attrs.class === 'edge');
    assert.equal(edges.length, 4 + 3, 'the two zero weights of the first layer are not drawn');
    const width = (w: number) =>
      Number(edges.find((e) => Number(e.attrs['data-weight']) === w)?.attrs['stroke-width']);
    assert.ok(width(0.25) < width(1));
    assert.equal(width(-1), width(1), 'width depends on magnitude only');
  });

  it('draws a residual block with its identity skips', async () => {
    const res = new Sequential([
      linear(2, 2, [1, 0, 0, 1], [0, 0]),
      new Residual(
        null,
        [
          linear(2, 3, [1, 2, -1, 0.5, 0.3, -0.2], [0, 0, 0]),
          new Activation(3, 'relu', 'float64'),
          linear(3, 2, [1, 0, -1, 1, 0.5, 0.5], [0, 0]),
        ],
        'float64',
      ),
      linear(2, 1, [1, -1], [0.5]),
    ]);
    const elements = checkFigure(await networkDiagramFigure(res));
    assert.equal(elements.filter((e) => e.attrs.class === 'skip').length, 2);
    assert.ok(texts(elements).includes('skip connection (identity, added)'));
  });

  it('switches to one weight heatmap per layer past the width limit', async () => {
    const wide = mlp([3, 40, 2], { seed: 1 });
    const elements = checkFigure(await networkDiagramFigure(wide));
    assert.equal(elements.filter((e) => e.attrs.class === 'edge').length, 0);
    const words = texts(elements);
    assert.ok(words.includes('layer 1: 3 → 40') && words.includes('layer 2: 40 → 2'));
    const cells = elements.filter(
      (e) => e.name === 'path' && /^M[\d.-]+,[\d.-]+h[\d.]+v[\d.]+h-[\d.]+Z$/.test(e.attrs.d ?? ''),
    );
    assert.ok(cells.length >= 3 * 40 + 40 * 2, `${cells.length} weight cells`);
  });
});

describe('the elements of a network', () => {
  it('is one real forward and backward pass: gradients by hand, by finite differences, and a lower loss after a step', () => {
    const p = elementsPass();
    // z = W₁x + b₁ = (0.5 − 0.5 + 0.25, −0.5 + 1.5) = (0.25, 1); ŷ = 0.25 − 0.5 + 0.25 = 0; L = (0 − 1)² = 1.
    assert.deepEqual(p.pre, [0.25, 1]);
    assert.equal(p.output, 0);
    assert.equal(p.loss, 1);
    assert.equal(p.dLossDOutput, -2);
    assert.deepEqual(p.grads['2.weight'], [-0.5, -2]);
    assert.deepEqual(p.grads['0.weight'], [-2, -4, 1, 2]);
    assert.deepEqual(p.grads['0.bias'], [-2, 1]);
    assert.ok(p.check.maxGap < 1e-8, `gradient gap ${p.check.maxGap}`);
    assert.equal(p.check.checked, 9);
    assert.ok(p.lossAfter < p.loss / 10, `loss after the step ${p.lossAfter}`);
  });

  it('gradientCheck finds a backward pass that disagrees with the forward', () => {
    const model = new Sequential([linear(1, 1, [2], [0]), new Activation(1, 'relu', 'float64')]);
    const x = fromRows([[1.5]], 'float64');
    const y = fromRows([[0]], 'float64');
    assert.ok(gradientCheck(model, x, y, new MseLoss()).maxGap < 1e-8);
    // A loss whose backward claims twice its true slope must be caught.
    const wrong = new MseLoss();
    const backward = wrong.backward.bind(wrong);
    wrong.backward = () => {
      const g = backward();
      g.data[0] *= 2;
      return g;
    };
    assert.ok(gradientCheck(model, x, y, wrong).maxGap > 1);
  });

  it('draws the five elements with the numbers of the pass', async () => {
    const p = elementsPass();
    const words = texts(checkFigure(await elementsFigure(p), 1000)).join('\n');
    for (const w of [
      '1  Input x',
      '3  Output ŷ',
      '4  Loss',
      'x₂ = 2',
      'ŷ = 0',
      '∂L/∂ŷ = −2',
      '(−0.5, −2)',
      'L = (ŷ − y)²',
    ])
      assert.ok(words.includes(w), w);
    assert.ok(words.includes('2  Architecture'));
    assert.ok(words.includes(`from 1 to ${Number(p.lossAfter.toPrecision(4))}`));
  });
});
