/**
 * What no other playground shows: the exact linear regions (from the
 * library's src/analysis/regions) with their count beside the bounds for this
 * shape, the collapsed map of an all-identity net, and the point inspector.
 */
import { fmt } from './draw.js';
import { MAX_REGIONS } from './grid.js';
import { t } from './i18n.js';
import type { Dissection, Inspection } from './worker.js';

function affineText(weight: number[][], bias: number[], inputs: string[]): string {
  return weight
    .map((row, i) => {
      const terms = row.map((w, j) => `${fmt(w, 5)}·${inputs[j]}`).join(' + ');
      return `y${weight.length > 1 ? i + 1 : ''} = ${terms} + ${fmt(bias[i], 5)}`;
    })
    .join('\n')
    .replace(/\+ -/g, '− ');
}

/** Region outlines for the map overlay; the inspected point's region filled. */
export function RegionOverlay({
  d,
  toPx,
  highlight,
  point,
}: {
  d: Dissection | null;
  toPx: (x: number, y: number) => [number, number];
  highlight?: string;
  point?: number[];
}) {
  const shapes = [];
  if (d?.polygons) {
    const { xy, starts, patterns } = d.polygons;
    for (let r = 0; r + 1 < starts.length; r++) {
      let pts = '';
      for (let v = starts[r]; v < starts[r + 1]; v++) {
        const [px, py] = toPx(xy[2 * v], xy[2 * v + 1]);
        pts += `${px.toFixed(1)},${py.toFixed(1)} `;
      }
      shapes.push(
        <polygon key={r} points={pts} class={patterns[r] === highlight ? 'region hit' : 'region'} />,
      );
    }
  }
  const marker = point ? toPx(point[0], point[1]) : null;
  return (
    <g>
      {shapes}
      {marker && <circle cx={marker[0]} cy={marker[1]} r={5} class="probe" />}
    </g>
  );
}

export function DissectPanel({
  d,
  inspection,
  oneD,
  inputNames,
  activations,
  showRegions,
  setShowRegions,
}: {
  d: Dissection | null;
  inspection: Inspection | null;
  oneD: boolean;
  /** The model's input columns: the raw inputs or the chosen features. */
  inputNames?: string[];
  activations: string[];
  showRegions: boolean;
  setShowRegions: (v: boolean) => void;
}) {
  const inputs = inputNames ?? (oneD ? ['x'] : ['x1', 'x2']);
  const featured = d?.reason?.kind === 'features';
  const bounds = d?.bounds;
  const boundRows: [string, number | null | undefined][] = [
    [t('boundZaslavsky'), bounds?.zaslavsky],
    [t('boundMontufar'), bounds?.montufar],
    [t('boundSerra'), bounds?.serra],
    [t('boundNaive'), bounds?.naive],
  ];
  const nonPiecewise = [
    ...new Set(
      activations.filter((a) => !['relu', 'leaky_relu', 'hard_tanh', 'hard_sigmoid', 'identity'].includes(a)),
    ),
  ];
  return (
    <div class="dissect">
      <p class="count-line">
        <span>{oneD ? t('pieces') : t('regionCount')}: </span>
        <strong
          data-testid="region-count"
          data-count={d?.count ?? ''}
          data-steps={d?.steps ?? ''}
          data-domain={d ? JSON.stringify(d.domain) : ''}
        >
          {d === null
            ? '…'
            : d.count !== null
              ? d.count
              : d.reason?.kind === 'tooMany'
                ? t('tooMany', { n: MAX_REGIONS })
                : '–'}
        </strong>
      </p>
      {featured && (
        <p class="help" data-testid="regions-features">
          {t('regionsFeatures')}
        </p>
      )}
      {d?.reason?.kind === 'unsupported' && (
        <p class="help">{t('notPiecewise', { act: nonPiecewise.join(', ') })}</p>
      )}
      {d?.kinks && d.kinks.length > 0 && (
        <p class="help">{`${t('kinks')}: ${d.kinks.map((k) => fmt(k, 3)).join(', ')}`}</p>
      )}
      {!oneD && (
        <div class="field check">
          <input
            id="show-regions"
            type="checkbox"
            checked={showRegions}
            onChange={(e) => setShowRegions((e.currentTarget as HTMLInputElement).checked)}
          />
          <label for="show-regions">{t('showRegions')}</label>
        </div>
      )}
      <table class="bounds">
        <caption>{t('bounds')}</caption>
        <tbody>
          {boundRows.map(([name, v]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{v === null || v === undefined ? t('noBound') : v.toLocaleString('en')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="help">{t('regionsHelp')}</p>
      {d?.collapsed && (
        <div class="collapsed" data-testid="collapsed">
          <h3>{t('collapsed')}</h3>
          <pre class="mono">{affineText(d.collapsed.weight, d.collapsed.bias, inputs)}</pre>
          <p class="help">{t('collapsedHelp')}</p>
        </div>
      )}
      <div class="inspector" data-testid="inspector">
        <h3>{t('inspector')}</h3>
        {inspection ? (
          inspection.message ? (
            <p class="inline-error">{inspection.message}</p>
          ) : (
            <>
              <p class="mono">{`(${inspection.point.map((v) => fmt(v, 4)).join(', ')})`}</p>
              <p>
                {`${t('pattern')}: `}
                <code data-testid="pattern">{inspection.pattern}</code>
              </p>
              {featured && <p class="help">{t('inspectFeatures')}</p>}
              <p>{`${t('localMap')}:`}</p>
              <pre class="mono" data-testid="local-map">
                {affineText(inspection.weight ?? [], inspection.bias ?? [], inputs)}
              </pre>
              <p>{`${t('inspectOutput')}: ${(inspection.output ?? []).map((v) => fmt(v, 6)).join(', ')}`}</p>
            </>
          )
        ) : (
          <p class="help">{t('inspectorHelp')}</p>
        )}
      </div>
    </div>
  );
}
