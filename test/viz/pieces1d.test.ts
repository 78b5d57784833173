/** The exact 1-input figure: every piece end is a vertex, every kink a rule, alternate pieces shaded. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pieces1dFigure } from '../../src/viz/pieces1d.js';
import { checkFigure, texts } from './svgCheck.js';

/** The SVG elements inside the first mark group whose class starts with `cls` (Vega writes each layer as one group). */
function markGroup(svg: string, cls: string): string {
  const start = svg.indexOf(`class="${cls}`);
  assert.ok(start >= 0, `no ${cls} group`);
  return svg.slice(start, svg.indexOf('</g>', start));
}

// On [−2, 2] drawn 600 px wide, x = −1 sits at 150 px and x = 0.5 at 375 px.
const PIECES = [
  { lo: -2, hi: -1, slope: [1, 0], intercept: [0, 1] },
  { lo: -1, hi: 0.5, slope: [-1, 2], intercept: [-2, 3] },
  { lo: 0.5, hi: 2, slope: [0.5, 0], intercept: [-2.75, 4] },
];

describe('pieces1dFigure', () => {
  it('marks each kink where it is, shades alternate pieces and puts a vertex at every piece end', async () => {
    const fig = await pieces1dFigure({ name: 'pieces', title: 'Three pieces', pieces: PIECES });
    const words = texts(checkFigure(fig));
    for (const w of ['Three pieces', 'output 1', 'output 2']) assert.ok(words.includes(w), w);
    const rules = markGroup(fig.svg, 'mark-rule role-mark');
    assert.deepEqual(
      [...rules.matchAll(/translate\(([\d.]+),0\)/g)].map((m) => Number(m[1])),
      [150, 375],
    );
    assert.equal(markGroup(fig.svg, 'mark-rect role-mark').match(/<path/g)?.length, 2, 'pieces 1 and 3');
    // Two outputs × four piece ends.
    assert.equal(markGroup(fig.svg, 'mark-symbol role-mark').match(/<path/g)?.length, 8);
  });

  it('draws one piece without kinks or legend, and refuses no pieces', async () => {
    const fig = await pieces1dFigure({
      name: 'line',
      title: 'One piece',
      pieces: [{ lo: 0, hi: 1, slope: [2], intercept: [1] }],
    });
    checkFigure(fig);
    assert.ok(!fig.svg.includes('mark-rule role-mark'));
    assert.ok(!fig.svg.includes('role-legend'));
    assert.throws(
      () => pieces1dFigure({ name: 'none', title: 'None', pieces: [] }),
      /figure none: no pieces/,
    );
  });
});
