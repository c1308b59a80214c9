// What one clicked feature-map unit sees: its theoretical receptive field as a box on the probe image (the part
// in the padding hatched), and beside it the effective receptive field |d unit / d input| for the current
// weights as a heatmap inside that box. The box comes from the analysis (rfBox); the heatmap from the worker.
import { useEffect, useMemo, useRef } from 'react';
import { rfBox, type PixelBox } from '../../shared/graph/rfBox';
import type { UnitRef } from '../../shared/train/erf';
import type { ReceptiveField } from '../../shared/graph';
import type { FromWorker } from '../training/protocol';
import { ByteImage } from '../training/images';
import { useT } from '../i18n';
import { ConvExplain } from './ConvExplain';
import './explain.css';

type ErfMsg = Extract<FromWorker, { type: 'erf' }>;

const ORANGE = '#e8590c';

/** Zoom so that the image is about 140 CSS pixels across. */
const zoomFor = (h: number, w: number) => Math.max(1, Math.min(8, Math.floor(140 / Math.max(h, w))));

function Rect({ b, s, m, ...rest }: { b: PixelBox; s: number; m: number } & React.SVGProps<SVGRectElement>) {
  return (
    <rect
      x={(b.left + m) * s}
      y={(b.top + m) * s}
      width={(b.right - b.left + 1) * s}
      height={(b.bottom - b.top + 1) * s}
      {...rest}
    />
  );
}

/** The heatmap: the probe image in faint grey, |gradient| / max in red-yellow on top. */
function ErfCanvas({
  erf,
  pixels,
  channels,
  box,
  zoom,
}: {
  erf: NonNullable<ErfMsg['erf']>;
  pixels: Uint8Array;
  channels: number;
  box: PixelBox | null;
  zoom: number;
}) {
  const tr = useT();
  const ref = useRef<HTMLCanvasElement>(null);
  const { height: H, width: W, data, max } = erf;
  // Pixels with a nonzero gradient outside the theoretical box (0 by the maths; shown so a test can check it).
  const outside = useMemo(() => {
    let n = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++)
        if (data[y * W + x] !== 0 && (!box || y < box.top || y > box.bottom || x < box.left || x > box.right)) n++;
    return n;
  }, [data, H, W, box]);
  useEffect(() => {
    const c = ref.current?.getContext('2d');
    if (!c) return;
    const img = c.createImageData(W, H);
    for (let p = 0; p < H * W; p++) {
      let g = 0;
      for (let k = 0; k < channels; k++) g += pixels[p * channels + k];
      const grey = 235 + (g / channels / 255) * 20; // the image, faintly
      const t = max > 0 ? Math.sqrt(data[p] / max) : 0; // sqrt: small gradients stay visible
      img.data[p * 4] = Math.round(grey * (1 - t) + 200 * t);
      img.data[p * 4 + 1] = Math.round(grey * (1 - t) + (30 + 200 * t * t) * t);
      img.data[p * 4 + 2] = Math.round(grey * (1 - t) + 20 * t);
      img.data[p * 4 + 3] = 255;
    }
    c.putImageData(img, 0, 0);
  }, [data, H, W, max, pixels, channels]);
  return (
    <div className="ex-stack" style={{ width: W * zoom, height: H * zoom }}>
      <canvas
        ref={ref}
        width={W}
        height={H}
        data-testid="erf-heatmap"
        data-max={max}
        data-outside={outside}
        title={tr.t('ui.explain.erfTitle')}
        style={{ width: W * zoom, height: H * zoom, imageRendering: 'pixelated' }}
      />
      {box && (
        <svg className="ex-over" width={W * zoom} height={H * zoom}>
          <Rect b={box} s={zoom} m={0} fill="none" stroke={ORANGE} strokeWidth={1.5} />
        </svg>
      )}
    </div>
  );
}

export function RfView({
  unit,
  rf,
  erf,
  pixels,
  height: H,
  width: W,
  channels,
  onClear,
  onPick,
}: {
  unit: UnitRef;
  rf: ReceptiveField | null;
  erf: ErfMsg | null;
  pixels: Uint8Array;
  height: number;
  width: number;
  channels: number;
  onClear: () => void;
  onPick: (u: UnitRef) => void;
}) {
  const tr = useT();
  const zoom = zoomFor(H, W);
  const box = rf ? rfBox(rf, unit.y, unit.x, H, W) : null;
  if (!box || !rf) {
    return (
      <div className="pn-small pn-muted" data-testid="rf-none">
        {tr.t('ui.explain.rfNone', { node: unit.nodeId })}
      </div>
    );
  }
  const f = box.full;
  const over = Math.max(0, -f.top, -f.left, f.bottom - (H - 1), f.right - (W - 1));
  const m = Math.min(over, Math.ceil(Math.max(H, W) / 4)); // padding shown around the image, capped
  const S = zoom;
  const current = erf && sameUnit(erf.unit, unit) ? erf : null;
  const padRows = Math.max(0, -f.top) + Math.max(0, f.bottom - (H - 1));
  const padCols = Math.max(0, -f.left) + Math.max(0, f.right - (W - 1));
  return (
    <div className="ex-rf" data-testid="rf-view">
      <div className="pn-small">
        {tr.t('ui.explain.rfUnit', {
          y: unit.y,
          x: unit.x,
          node: unit.nodeId,
          c: unit.channel + 1,
          top: f.top,
          bottom: f.bottom,
          left: f.left,
          right: f.right,
          h: rf.size[0],
          w: rf.size[1],
          cy: fmt(box.centre[0]),
          cx: fmt(box.centre[1]),
          jy: fmt(rf.jump[0]),
          jx: fmt(rf.jump[1]),
        })}{' '}
        {box.padded && (
          <span data-testid="rf-padded">
            {tr.t('ui.explain.padFall', {
              what: [
                padRows ? tr.t(padRows > 1 ? 'ui.explain.padRows' : 'ui.explain.padRow', { n: padRows }) : '',
                padCols ? tr.t(padCols > 1 ? 'ui.explain.padCols' : 'ui.explain.padCol', { n: padCols }) : '',
              ]
                .filter(Boolean)
                .reduce((a, b) => tr.t('ui.explain.padAnd', { a, b })),
            })}
          </span>
        )}{' '}
        <button className="pn-btn" data-testid="rf-clear" onClick={onClear}>
          {tr.t('ui.explain.hide')}
        </button>
      </div>
      <div className="tr-row ex-rf-row">
        <div className="ex-fig">
          <div
            className="ex-stack"
            style={{ width: (W + 2 * m) * S, height: (H + 2 * m) * S }}
            title={tr.t('ui.explain.rfTitle')}
          >
            <svg className="ex-under" width={(W + 2 * m) * S} height={(H + 2 * m) * S}>
              <defs>
                <pattern id="ex-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                  <line x1="0" y1="0" x2="0" y2="6" stroke={ORANGE} strokeWidth="2" opacity="0.45" />
                </pattern>
              </defs>
              <rect x={0} y={0} width={(W + 2 * m) * S} height={(H + 2 * m) * S} fill="#f4f5f7" />
              <Rect b={f} s={S} m={m} fill="url(#ex-hatch)" stroke={ORANGE} strokeDasharray="3 2" />
            </svg>
            <div className="ex-img" style={{ left: m * S, top: m * S }}>
              <ByteImage pixels={pixels} height={H} width={W} channels={channels} scale={S} />
            </div>
            <svg className="ex-over" width={(W + 2 * m) * S} height={(H + 2 * m) * S}>
              {box.inImage && (
                <Rect
                  b={box.inImage}
                  s={S}
                  m={m}
                  fill={ORANGE}
                  fillOpacity={0.12}
                  stroke={ORANGE}
                  strokeWidth={2}
                  data-testid="rf-overlay"
                  data-top={box.full.top}
                  data-left={box.full.left}
                  data-bottom={box.full.bottom}
                  data-right={box.full.right}
                  data-padded={box.padded}
                />
              )}
            </svg>
          </div>
          <div className="pn-small pn-muted">{tr.t('ui.explain.theoretical')}</div>
        </div>
        <div className="ex-fig">
          {current?.erf ? (
            <ErfCanvas erf={current.erf} pixels={pixels} channels={channels} box={box.inImage} zoom={S} />
          ) : (
            <div className="ex-wait pn-small pn-muted" style={{ width: W * S, height: H * S }}>
              {current?.errorMsg ? tr.msg(current.errorMsg) : (current?.error ?? tr.t('ui.explain.computing'))}
            </div>
          )}
          <div className="pn-small pn-muted" data-testid="erf-step" data-step={current?.step ?? ''}>
            {current?.erf
              ? tr.t('ui.explain.effectiveNow', { v: current.erf.value.toPrecision(3) })
              : tr.t('ui.explain.effective')}
            {current?.erf && current.erf.max === 0 && <div data-testid="erf-zero">{tr.t('ui.explain.erfZero')}</div>}
          </div>
        </div>
      </div>
      {current?.work && <ConvExplain work={current.work} onPick={onPick} />}
      {current?.workError && (
        <div className="pn-small pn-muted" data-testid="conv-explain-none">
          {current.workErrorMsg ? tr.msg(current.workErrorMsg) : current.workError}
        </div>
      )}
    </div>
  );
}

const sameUnit = (a: UnitRef, b: UnitRef) =>
  a.nodeId === b.nodeId && a.y === b.y && a.x === b.x && a.channel === b.channel;
const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
