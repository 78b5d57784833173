/**
 * The hidden-space view: the training points where a hidden layer puts them
 * (directly for two units, on the two principal axes otherwise), over the
 * background of the best linear classifier of that picture: for two classes
 * its probability on the diverging scale, for more the class it predicts.
 */
import { predictClass } from '../../src/analysis/softmaxClassifier.js';
import { background, CLASS_COLORS, classTint, diverging } from './draw.js';
import type { HiddenSpace } from './hiddenSpace.js';
import { t } from './i18n.js';

const CELLS = 24;

export function HiddenPanel({
  h,
  layers,
  layer,
  dark,
  onLayer,
}: {
  h: HiddenSpace | null;
  layers: number;
  layer: number;
  dark: boolean;
  onLayer: (k: number) => void;
}) {
  const S = 300;
  let body = <p class="help">{t('hiddenWaiting')}</p>;
  if (h) {
    const n = h.xy.length / 2;
    let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      x0 = Math.min(x0, h.xy[2 * i]);
      x1 = Math.max(x1, h.xy[2 * i]);
      y0 = Math.min(y0, h.xy[2 * i + 1]);
      y1 = Math.max(y1, h.xy[2 * i + 1]);
    }
    const padX = (x1 - x0) * 0.06 || 1;
    const padY = (y1 - y0) * 0.06 || 1;
    [x0, x1, y0, y1] = [x0 - padX, x1 + padX, y0 - padY, y1 + padY];
    const sx = (v: number) => ((v - x0) / (x1 - x0)) * S;
    const sy = (v: number) => ((y1 - v) / (y1 - y0)) * S;
    const cells = [];
    const fit = h.fit;
    if (fit) {
      const bg = background(dark);
      // One cell's colour and, for k classes, its class: the background is the fit's decision over the picture.
      const paint = (u: number, v: number): { fill: string; k?: number } => {
        if (fit.kind === 'classes') {
          const k = predictClass(fit, [u, v]);
          return { fill: classTint(k, bg, 0.3), k };
        }
        const p = 1 / (1 + Math.exp(-(fit.weight[0] * u + fit.weight[1] * v + fit.bias)));
        // Class 1 is drawn blue and class 0 orange, as on the output map.
        const [R, G, B] = diverging(0.6 * (2 * p - 1), bg);
        return { fill: `rgb(${R},${G},${B})` };
      };
      for (let r = 0; r < CELLS; r++)
        for (let c = 0; c < CELLS; c++) {
          const { fill, k } = paint(
            x0 + ((c + 0.5) / CELLS) * (x1 - x0),
            y1 - ((r + 0.5) / CELLS) * (y1 - y0),
          );
          cells.push(
            <rect
              key={`${r},${c}`}
              x={(c * S) / CELLS}
              y={(r * S) / CELLS}
              width={S / CELLS + 0.5}
              height={S / CELLS + 0.5}
              fill={fill}
              data-class={k}
            />,
          );
        }
    }
    const dots = [];
    for (let i = 0; i < n; i++)
      dots.push(
        <circle
          key={i}
          cx={sx(h.xy[2 * i]).toFixed(1)}
          cy={sy(h.xy[2 * i + 1]).toFixed(1)}
          r={3}
          fill={CLASS_COLORS[h.labels[i] % CLASS_COLORS.length]}
          class="hidden-dot"
        />,
      );
    body = (
      <>
        <svg
          viewBox={`0 0 ${S} ${S}`}
          class="hidden-space"
          role="img"
          aria-label={t('hiddenHelp')}
          data-testid="hidden-space"
          data-axes={h.axes}
          data-layer={h.layer}
          data-fit={String(h.fit?.accuracy ?? '')}
          data-full={String(h.fullAccuracy ?? '')}
        >
          {cells}
          {dots}
        </svg>
        <p class="label-line">
          {h.axes === 'pca'
            ? t('hiddenPca', { units: h.width, share: (100 * h.explained).toFixed(0) })
            : t('hiddenDirect')}
        </p>
        {h.fit && (
          <p>
            {t(h.fit.kind === 'binary' ? 'hiddenFit' : 'hiddenFitClasses', {
              acc: (100 * h.fit.accuracy).toFixed(1),
            })}
            {h.fullAccuracy !== null &&
              h.axes === 'pca' &&
              ` ${t('hiddenFull', { acc: (100 * h.fullAccuracy).toFixed(1) })}`}
          </p>
        )}
      </>
    );
  }
  return (
    <div>
      <label class="field">
        <span>{t('layer')}</span>
        <select
          id="sel-hidden-layer"
          value={layer}
          onChange={(e) => onLayer(Number((e.currentTarget as HTMLSelectElement).value))}
        >
          {Array.from({ length: layers }, (_, k) => (
            <option key={k} value={k}>
              {k + 1}
            </option>
          ))}
        </select>
      </label>
      {body}
    </div>
  );
}
