/**
 * The network as formulas with its current weights, from the library's
 * networkFormula (run in the worker): each hidden unit h = act(Σ w·input + b),
 * then the output. Refreshed with the weights, at most twice a second while
 * training (at rest only for nets of more than 64 hidden units); wide layers
 * list their first units and count the rest.
 */
import type { Remote } from 'comlink';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FormulaNote, NetworkFormula } from '../../src/analysis/formula.js';
import { type Key, t } from './i18n.js';
import type { View, WorkerApi } from './worker.js';

/** Rows per layer written out: enough to read a layer's pattern, few enough to redraw while training. */
export const FORMULA_ROWS = 6;
const DIGITS = 3;
const REFRESH_MS = 500;
const NOTE_KEYS: { readonly [K in FormulaNote]: Key } = {
  batchnorm: 'formulaNoteBatchnorm',
  dropout: 'formulaNoteDropout',
  residual: 'formulaNoteResidual',
  layernorm: 'formulaNoteLayernorm',
  spectralnorm: 'formulaNoteSpectralnorm',
};

/** The parser's ASCII as typeset maths: a middle dot for products, a real minus sign. */
const pretty = (expression: string): string =>
  expression
    .replace(/\*/g, '·')
    .replace(/ - /g, ' − ')
    .replace(/(^|[(,\s])-/g, '$1−');

/** The formula row of unit `unit` of diagram column `column` (1 = first hidden layer; the last is the output). */
export function unitRowName(column: number, unit: number, columns: number, outputs: number): string {
  if (column < columns - 1) return `h${column}_${unit + 1}`;
  return outputs === 1 ? 'y' : `y${unit + 1}`;
}

export function FormulaPanel({
  worker,
  view,
  playing,
  highlight,
  logits,
  live,
}: {
  worker: Remote<WorkerApi>;
  view: View | null;
  playing: boolean;
  /** The row to mark: the neuron hovered in the diagram or chosen for a hand edit. */
  highlight: string | null;
  logits: boolean;
  /** False for wide nets, whose formulas (tens of ms each) wait until the run rests, as their regions do. */
  live: boolean;
}) {
  const [formula, setFormula] = useState<NetworkFormula | { error: string } | null>(null);
  const asking = useRef(false);
  const lastAsk = useRef(0);
  const latest = useRef<View | null>(null);
  const [again, setAgain] = useState(0);
  useEffect(() => {
    latest.current = view;
    if (!view || asking.current) return;
    const now = performance.now();
    if (playing && (!live || now - lastAsk.current < REFRESH_MS)) return;
    asking.current = true;
    lastAsk.current = now;
    worker
      .formula(FORMULA_ROWS, DIGITS)
      .then(setFormula, (e: Error) => setFormula({ error: e.message }))
      .finally(() => {
        asking.current = false;
        // The weights moved (a step, an edit) while this was computed: ask again so the panel catches up.
        if (latest.current !== view) setAgain((n) => n + 1);
      });
  }, [view, playing, live, worker, again]);

  if (!view || !formula) return null;
  if ('error' in formula) return <p class="help">{t('formulasNone', { why: formula.error })}</p>;
  return (
    <div class="formulas" data-testid="formulas">
      {formula.layers.map((layer) => (
        <section key={`${layer.kind}${layer.index}`} class="formula-layer">
          <h3>
            {layer.kind === 'output'
              ? t('output')
              : layer.kind === 'layernorm'
                ? `${t('norm')} ${layer.index}`
                : `${t('layer')} ${layer.index}`}
          </h3>
          {[...new Set(layer.notes)].map((n) => (
            <p key={n} class="help">
              {t(NOTE_KEYS[n])}
            </p>
          ))}
          {layer.rows.map((row) => (
            <code
              key={row.name}
              class={`formula-row${row.name === highlight ? ' highlight' : ''}`}
              data-name={row.name}
              data-bias={row.kind === 'unit' ? row.bias : undefined}
              data-coefs={row.kind === 'unit' ? row.terms.map((c) => c.coef).join(',') : undefined}
            >
              {`${row.name} = ${pretty(row.expression)}`}
            </code>
          ))}
          {layer.omitted > 0 && <p class="help">{t('formulasMore', { n: layer.omitted })}</p>}
        </section>
      ))}
      {logits && <p class="help">{t('formulasLogit')}</p>}
    </div>
  );
}
