// A convolution (or pooling) worked out for the clicked unit, on the user's own model and probe image: the formula
// with this layer's numbers, then per input channel the window, the kernel and their products, the sum, the bias,
// the pre-activation, the activation, and the value the model itself produced (workOut, convExplain.ts).
import { formulaText, workOut, type WindowData } from '../../shared/train/convExplain';
import type { UnitRef } from '../../shared/train/erf';
import { memo, useMemo } from 'react';
import { useT } from '../i18n';

/** Channels shown in full; the others are in the sum and named. */
const SHOWN = 4;
const f3 = (x: number) =>
  x === 0 ? '0' : Math.abs(x) >= 1000 || Math.abs(x) < 0.001 ? x.toExponential(2) : x.toPrecision(3);

/** The hover text of each kernel tap (kh x kw), the same for every grid of a unit: worked out once per window. */
interface TapTitles {
  readonly taps: readonly string[];
  readonly padZero: string;
  readonly padWeight: string;
}

/**
 * One kh x kw grid of numbers. Memoised, and its cells' hover texts come from `titles` (computed once per window):
 * translating a text per cell on every probe made the worked convolution the main thread's one long task while
 * training (300 interpolated texts per update for LeNet's C3; see e2e/longtasks.e2e.ts).
 */
const Grid = memo(function Grid({
  w,
  values,
  ci,
  mark,
  title,
  titles,
  weights = false,
}: {
  w: WindowData;
  values: Float32Array;
  ci: number;
  mark?: number | null;
  title: string;
  titles: TapTitles;
  /** Kernel weights: the taps that meet padding are dimmed, not hatched. */
  weights?: boolean;
}) {
  const per = w.kh * w.kw;
  return (
    <div className="ex-gridbox">
      <div className="pn-muted">{title}</div>
      <table className="ex-num">
        <tbody>
          {Array.from({ length: w.kh }, (_, i) => (
            <tr key={i}>
              {Array.from({ length: w.kw }, (_, j) => {
                const q = ci * per + i * w.kw + j;
                const pad =
                  w.rows[i] < 0 || w.rows[i] >= w.geometry[0].n || w.cols[j] < 0 || w.cols[j] >= w.geometry[1].n;
                return (
                  <td
                    key={j}
                    className={pad ? (weights ? 'ex-dim' : 'ex-pad') : q === mark ? 'ex-picked' : undefined}
                    title={pad ? (weights ? titles.padWeight : titles.padZero) : titles.taps[i * w.kw + j]}
                  >
                    {f3(values[q])}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});

export const ConvExplain = memo(function ConvExplain({
  work: w,
  onPick,
}: {
  work: WindowData;
  /** Another output position or channel. */
  onPick: (u: UnitRef) => void;
}) {
  const tr = useT();
  const r = useMemo(() => workOut(w), [w]);
  const { rows, cols } = w;
  const titles = useMemo<TapTitles>(
    () => ({
      taps: rows.flatMap((row) => cols.map((col) => tr.t('ui.explain.inputCell', { row, col }))),
      padZero: tr.t('ui.explain.padZero'),
      padWeight: tr.t('ui.explain.padWeight'),
    }),
    // The window's rows and columns as text: a new probe of the same unit keeps the same titles.
    [rows.join(), cols.join(), tr],
  );
  const per = w.kh * w.kw;
  const u = w.unit;
  const diff = Math.abs(r.out - w.modelValue);
  const num = (label: 'row' | 'column' | 'channel', value: number, max: number, set: (n: number) => UnitRef) => (
    <label className="tr-field">
      {tr.t(`ui.explain.${label}`)}
      <input
        type="number"
        min={0}
        max={max}
        value={value}
        style={{ width: 52 }}
        data-testid={`conv-explain-${label}`}
        onChange={(e) => {
          const n = Math.round(Number(e.target.value));
          if (e.target.value !== '' && n >= 0 && n <= max) onPick(set(n));
        }}
      />
    </label>
  );
  const [gh, gw] = w.geometry;
  return (
    <div
      className="ex-conv"
      data-testid="conv-explain"
      data-kind={w.kind}
      data-worked={r.out}
      data-model={w.modelValue}
      data-diff={diff}
    >
      <div className="tr-row tr-wrap pn-small">
        <strong>
          {tr.t(
            w.kind === 'conv'
              ? 'ui.explain.convTitle'
              : w.kind === 'max'
                ? 'ui.explain.maxTitle'
                : 'ui.explain.avgTitle',
          )}
        </strong>
        {num('row', u.y, gh.out - 1, (n) => ({ ...u, y: n }))}
        {num('column', u.x, gw.out - 1, (n) => ({ ...u, x: n }))}
        {w.kind === 'conv' &&
          num('channel', u.channel + 1, w.outChannels, (n) => ({ ...u, channel: Math.max(1, n) - 1 }))}
      </div>
      <div className="pn-small ex-mono">
        <div>{tr.t('ui.explain.height', { f: formulaText(gh) })}</div>
        <div>{tr.t('ui.explain.width', { f: formulaText(gw) })}</div>
        <div className="pn-muted">
          {tr.t('ui.explain.reads', {
            y: u.y,
            x: u.x,
            rows: w.rows.join(', '),
            cols: w.cols.join(', '),
            sy: gh.s,
            sx: gw.s,
            dil: gh.d > 1 || gw.d > 1 ? tr.t('ui.explain.dilation', { dy: gh.d, dx: gw.d }) : '',
            pad:
              gh.padBefore || gw.padBefore
                ? tr.t('ui.explain.padBefore', { rows: gh.padBefore, cols: gw.padBefore })
                : '',
          })}
        </div>
      </div>
      {w.kind === 'conv' ? (
        <>
          {w.channels.slice(0, SHOWN).map((c, ci) => {
            let sub = 0;
            for (let q = ci * per; q < (ci + 1) * per; q++) sub += r.products![q];
            return (
              <div key={c} className="tr-row ex-chan">
                <span className="pn-small">{tr.t('ui.explain.inChannel', { c: c + 1 })}</span>
                <Grid w={w} values={w.input} ci={ci} title={tr.t('ui.explain.inputWindow')} titles={titles} />
                <span>x</span>
                <Grid w={w} values={w.kernel!} ci={ci} title={tr.t('ui.explain.kernel')} titles={titles} weights />
                <span>=</span>
                <Grid w={w} values={r.products!} ci={ci} title={tr.t('ui.explain.products')} titles={titles} />
                <span className="pn-small">{tr.t('ui.explain.sum', { v: f3(sub) })}</span>
              </div>
            );
          })}
          {w.channels.length > SHOWN && (
            <div className="pn-small pn-muted">{tr.t('ui.explain.moreChannels', { n: w.channels.length - SHOWN })}</div>
          )}
          <div className="pn-small ex-mono ex-steps">
            <div>
              {tr.t('ui.explain.sumAll', { n: w.channels.length * per })}
              <strong>{f3(r.sum)}</strong>
            </div>
            <div>
              {tr.t('ui.explain.bias', { b: f3(w.bias) })}
              <strong>{f3(r.pre)}</strong>
            </div>
            <div>
              {r.unsupported ? tr.t('ui.explain.mixes', { name: r.unsupported }) : `${w.activation}(${f3(r.pre)}) = `}
              {!r.unsupported && <strong data-testid="conv-explain-out">{f3(r.out)}</strong>}
            </div>
          </div>
        </>
      ) : (
        <>
          <div className="tr-row ex-chan">
            <span className="pn-small">{tr.t('ui.explain.channelN', { c: u.channel + 1 })}</span>
            <Grid
              w={w}
              values={w.input}
              ci={0}
              mark={r.picked}
              title={tr.t('ui.explain.inputWindow')}
              titles={titles}
            />
          </div>
          <div className="pn-small ex-mono ex-steps">
            {w.kind === 'max' ? (
              <div>
                {tr.t('ui.explain.maxOf', { n: r.counted })}
                <strong data-testid="conv-explain-out">{f3(r.out)}</strong>
                {tr.t('ui.explain.highlighted')}
              </div>
            ) : (
              <div>
                {tr.t('ui.explain.meanOf', { n: r.counted, sum: f3(r.sum) })}
                <strong data-testid="conv-explain-out">{f3(r.out)}</strong>
              </div>
            )}
          </div>
        </>
      )}
      <div className={`pn-small ${diff < 1e-5 ? 'ex-ok' : 'tr-error'}`} data-testid="conv-explain-check">
        {diff < 1e-5
          ? tr.t('ui.explain.modelSame', { v: w.modelValue.toPrecision(7) })
          : tr.t('ui.explain.modelDiff', { v: w.modelValue.toPrecision(7), d: diff.toExponential(1) })}
      </div>
    </div>
  );
});
