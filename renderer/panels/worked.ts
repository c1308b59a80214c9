// The layer's formulas with this node's own numbers put in ("worked out"), for the inspector.
// This is an illustration, not a second shape rule: a line is shown only when its result equals
// what the engine computed, so the two can never disagree on screen.
import { layerDef, type LayerType, type Params, type ReceptiveField, type Shape } from '../../shared/graph';

export interface WorkedInput {
  readonly type: LayerType;
  readonly params: Params;
  readonly inShape: Shape | null;
  readonly outShape: Shape | null;
  readonly rfIn: ReceptiveField | null;
  readonly rfOut: ReceptiveField | null;
}

interface Axis {
  n: number;
  k: number;
  s: number;
  d: number;
  p: number;
  /** Padding after (bottom, right) where it differs from p (before). */
  pEnd: number;
  out: number;
  rfIn?: number;
  jIn?: number;
  rfOut?: number;
  jOut?: number;
}

function outLine(mode: string, a: Axis): string | null {
  const ke = a.d * (a.k - 1) + 1;
  const keText = a.d > 1 ? `${ke}` : `${a.k}`;
  let text: string, value: number;
  if (mode === 'same') {
    value = Math.ceil(a.n / a.s);
    text = `out = ceil(${a.n}/${a.s}) = ${value}`;
  } else {
    const p = mode === 'valid' ? 0 : mode === 'full' ? ke - 1 : a.p;
    const q = mode === 'explicit' ? a.pEnd : p;
    value = Math.floor((a.n + p + q - ke) / a.s) + 1;
    const padText = p === q ? `2*${p}` : `${p} + ${q}`;
    text =
      p + q === 0
        ? `out = floor((${a.n} - ${keText})/${a.s}) + 1 = ${value}`
        : `out = floor((${a.n} + ${padText} - ${keText})/${a.s}) + 1 = ${value}`;
  }
  return value === a.out ? text : null;
}

function rfLines(a: Axis): string[] {
  if (a.rfIn === undefined || a.jIn === undefined) return [];
  const ke = a.d * (a.k - 1) + 1;
  const size = a.rfIn + (ke - 1) * a.jIn;
  const jump = a.jIn * a.s;
  if (size !== a.rfOut || jump !== a.jOut) return [];
  return [`rf = ${a.rfIn} + (${ke}-1)*${a.jIn} = ${size}`, `jump = ${a.jIn}*${a.s} = ${jump}`];
}

/**
 * Lines like "out = floor((14 - 5)/1) + 1 = 10", "rf = 6 + (5-1)*2 = 14" for a layer with a sliding
 * window (its definition's `window`: Conv2D, Pool), whose symbolic formulas are listed just above
 * them; [] for other layers.
 */
export function workedExample(x: WorkedInput): string[] {
  const window = layerDef(x.type).window;
  if (!window || !x.inShape || x.inShape.length !== 3 || !x.outShape || x.outShape.length !== 3) return [];
  const { kernel: k, stride: s, dilation: d, pad: p, padEnd, padding: mode } = window(x.params);
  const rfUsable = x.rfIn && x.rfOut && !x.rfIn.global && !x.rfOut.global;
  const axis = (i: 0 | 1): Axis => ({
    n: x.inShape![i],
    k: k[i],
    s: s[i],
    d: d[i],
    p: p[i],
    pEnd: (padEnd ?? p)[i],
    out: x.outShape![i],
    ...(rfUsable
      ? { rfIn: x.rfIn!.size[i], jIn: x.rfIn!.jump[i], rfOut: x.rfOut!.size[i], jOut: x.rfOut!.jump[i] }
      : {}),
  });
  const h = axis(0),
    w = axis(1);
  const same = JSON.stringify(h) === JSON.stringify(w);
  const lines: string[] = [];
  for (const [label, a] of same ? [['', h] as const] : [['H: ', h] as const, ['W: ', w] as const]) {
    if (a.d > 1) lines.push(`${label}k_eff = ${a.d}*(${a.k}-1) + 1 = ${a.d * (a.k - 1) + 1}`);
    const o = outLine(mode, a);
    if (o) lines.push(label + o);
    for (const r of rfLines(a)) lines.push(label + r);
  }
  return lines;
}
