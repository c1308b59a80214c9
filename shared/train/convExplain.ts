// A convolution (or pooling) worked out on the user's own model and image: for one output unit, the input window of
// every input channel, the kernel, the products, their sum, the bias, the pre-activation and the activation, and
// the value the model itself produced (read from tfjs), so the two can be compared. The worker gathers the numbers
// (WindowProbe); workOut is the pure arithmetic the panel shows.
import type * as tfjs from '@tensorflow/tfjs';
import { axisPadding, type PaddingMode } from '../graph/convmath';
import { layerDef, layerName, type Analysis, type GraphDoc } from '../graph';
import { ExplainError, type UnitRef } from './erf';

export interface AxisGeometry {
  readonly n: number;
  readonly k: number;
  readonly s: number;
  readonly d: number;
  readonly padBefore: number;
  readonly padAfter: number;
  readonly out: number;
}

export interface WindowData {
  readonly unit: UnitRef;
  readonly kind: 'conv' | 'max' | 'avg';
  readonly kh: number;
  readonly kw: number;
  /**
   * Input channels in the window: all of them for a convolution, the unit's group's for a grouped (depthwise) one,
   * the unit's own for pooling.
   */
  readonly channels: readonly number[];
  /** The input rows and columns of the kernel taps (outside 0..n-1: padding). */
  readonly rows: readonly number[];
  readonly cols: readonly number[];
  /** channels x kh x kw input values (0 in the padding), channel-major. */
  readonly input: Float32Array;
  /** channels x kh x kw kernel weights (conv only). */
  readonly kernel: Float32Array | null;
  readonly bias: number;
  /** The fused activation ('linear' when none). */
  readonly activation: string;
  /** What the model produced for this unit. */
  readonly modelValue: number;
  readonly geometry: readonly [AxisGeometry, AxisGeometry];
  /** The output's channel count. */
  readonly outChannels: number;
  /** Average pooling: the padding counts as zeros in the mean (explicit padding, as PyTorch does). */
  readonly countsPadding?: boolean;
}

export interface Worked {
  readonly products: Float32Array | null;
  readonly sum: number;
  readonly pre: number;
  readonly out: number;
  /** Max pooling: the index (into input) of the value picked. Average: how many values were averaged. */
  readonly picked: number | null;
  readonly counted: number;
  /** Activation not worked out here (softmax mixes all channels). */
  readonly unsupported: string | null;
}

const ACTIVATIONS: Record<string, (x: number) => number> = {
  linear: (x) => x,
  relu: (x) => Math.max(0, x),
  relu6: (x) => Math.min(6, Math.max(0, x)),
  elu: (x) => (x >= 0 ? x : Math.expm1(x)),
  selu: (x) => 1.0507009873554805 * (x >= 0 ? x : 1.6732632423543772 * Math.expm1(x)),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: (x) => Math.tanh(x),
};

const inside = (w: WindowData, i: number, j: number) =>
  w.rows[i] >= 0 && w.rows[i] < w.geometry[0].n && w.cols[j] >= 0 && w.cols[j] < w.geometry[1].n;

/** The arithmetic, in doubles, in the order the panel shows it. */
export function workOut(w: WindowData): Worked {
  if (w.kind === 'conv') {
    const products = new Float32Array(w.input.length);
    let sum = 0;
    for (let q = 0; q < w.input.length; q++) {
      products[q] = w.input[q] * w.kernel![q];
      sum += w.input[q] * w.kernel![q];
    }
    const pre = sum + w.bias;
    const f = ACTIVATIONS[w.activation] as ((x: number) => number) | undefined;
    return {
      products,
      sum,
      pre,
      out: f ? f(pre) : NaN,
      picked: null,
      counted: w.input.length,
      unsupported: f ? null : w.activation,
    };
  }
  let best = -1,
    sum = 0,
    counted = 0;
  for (let i = 0; i < w.kh; i++)
    for (let j = 0; j < w.kw; j++) {
      // Padding never wins a max; TensorFlow's 'same' does not average it, explicit padding averages its zeros.
      if (!inside(w, i, j) && !(w.kind === 'avg' && w.countsPadding)) continue;
      const q = i * w.kw + j;
      counted++;
      sum += w.input[q];
      if (best < 0 || w.input[q] > w.input[best]) best = q;
    }
  const out = w.kind === 'max' ? w.input[best] : sum / counted;
  return { products: null, sum, pre: out, out, picked: w.kind === 'max' ? best : null, counted, unsupported: null };
}

/** "out = floor((n + 2p - d(k - 1) - 1) / s) + 1" with this axis's numbers (p: the padding on each side). */
export function formulaText(a: AxisGeometry): string {
  const p = a.padBefore + a.padAfter;
  const value = Math.floor((a.n + p - a.d * (a.k - 1) - 1) / a.s) + 1;
  const pText = a.padBefore === a.padAfter ? `2*${a.padBefore}` : `${a.padBefore}+${a.padAfter}`;
  return `out = floor((${a.n} + ${pText} - ${a.d}*(${a.k} - 1) - 1) / ${a.s}) + 1 = ${value}`;
}

/** Gathers a unit's window, kernel, bias and model value from a compiled model (in the worker). */
export class WindowProbe {
  private readonly sides = new Map<string, tfjs.LayersModel>();

  constructor(
    private readonly tf: typeof tfjs,
    private readonly model: tfjs.LayersModel,
    private readonly outputs: ReadonlyMap<string, tfjs.SymbolicTensor>,
    private readonly layers: ReadonlyMap<string, readonly string[]>,
    private readonly doc: GraphDoc,
    private readonly analysis: Analysis,
  ) {}

  /** Null when the node has no sliding window (not a convolution or pooling). Throws with a reason otherwise. */
  async compute(image: tfjs.Tensor4D, u: UnitRef): Promise<WindowData | null> {
    const { tf, doc, analysis } = this;
    const node = doc.nodes.find((n) => n.id === u.nodeId);
    const def = node && layerDef(node.type);
    const win = def?.window?.(node!.params as never);
    if (!node || !win) return null;
    const edge = doc.edges.find((e) => e.target === node.id);
    const inShape = edge && analysis.nodes.get(edge.source)?.shape;
    const outShape = analysis.nodes.get(node.id)?.shape;
    const src = edge && (edge.source === analysis.inputId ? null : this.outputs.get(edge.source));
    if (
      !edge ||
      !inShape ||
      inShape.length !== 3 ||
      !outShape ||
      (src === undefined && edge.source !== analysis.inputId)
    )
      throw new ExplainError('noInputMap', { node: u.nodeId });
    // What the unit computes comes from the catalogue (explain); the numbers from the node's own tfjs layer, the
    // one named after it (padding a node adds before it is a '<name>__pad' layer).
    const how = def!.explain?.(node.params as never);
    const kind = how === 'avg-counting-padding' ? 'avg' : how;
    if (!kind) throw new ExplainError('unsupported', { node: u.nodeId, cls: node.type });
    const name = (this.layers.get(node.id) ?? []).find((n) => n === layerName(node.id));
    if (!name) throw new ExplainError('noLayer', { node: u.nodeId });
    const layer = this.model.getLayer(name);
    const [H, W, C] = inShape;
    const [k, s, d] = [win.kernel, win.stride, win.dilation];
    const geometry = ([0, 1] as const).map((i) => {
      const n = i === 0 ? H : W;
      const sym = axisPadding(win.padding as PaddingMode, n, k[i], s[i], d[i], win.pad[i]);
      const pad = win.padEnd ? { before: win.pad[i], after: win.padEnd[i] } : sym;
      return {
        n,
        k: k[i],
        s: s[i],
        d: d[i],
        padBefore: pad.before,
        padAfter: pad.after,
        out: outShape[i],
      };
    }) as unknown as [AxisGeometry, AxisGeometry];
    const Co = outShape[2];
    let kernelAll: Float32Array | null = null,
      bias = 0,
      // Output channels per input channel of a depthwise kernel [kh, kw, C, M]; 0 for a plain one [kh, kw, C, F].
      multiplier = 0;
    if (kind === 'conv') {
      const ws = layer.getWeights();
      const ks = ws[0]?.shape ?? [];
      if (ks.length !== 4 || ks[2] !== C) throw new ExplainError('grouped', { node: u.nodeId });
      // A grouped convolution (groups = input channels) is a depthwise kernel [kh, kw, C, M] with C x M outputs:
      // each output channel reads one input channel, its group's. (With C = 1 both kinds are the same sum.)
      if (ks[3] !== Co) {
        if (ks[3] * C !== Co) throw new ExplainError('grouped', { node: u.nodeId });
        multiplier = ks[3];
      }
      kernelAll = (await ws[0].data()) as Float32Array;
      if (ws[1]) bias = (await ws[1].data())[u.channel];
    }
    let side = this.sides.get(node.id);
    if (!side) {
      const outs = [this.outputs.get(node.id)!];
      if (src) outs.unshift(src);
      side = tf.model({ inputs: this.model.inputs, outputs: outs });
      this.sides.set(node.id, side);
    }
    const res = tf.tidy(() => {
      const r = side!.predict(image);
      return (Array.isArray(r) ? r : [r]) as tfjs.Tensor[];
    });
    const [inT, outT] = src ? res : [image, res[0]];
    const [inV, outV] = await Promise.all([inT.data(), outT.data()]);
    tf.dispose(res);
    const rows = Array.from({ length: k[0] }, (_, i) => u.y * s[0] - geometry[0].padBefore + i * d[0]);
    const cols = Array.from({ length: k[1] }, (_, j) => u.x * s[1] - geometry[1].padBefore + j * d[1]);
    const channels =
      kind !== 'conv'
        ? [u.channel]
        : multiplier
          ? [Math.floor(u.channel / multiplier)]
          : Array.from({ length: C }, (_, c) => c);
    const per = k[0] * k[1];
    const input = new Float32Array(channels.length * per);
    const kernel = kernelAll ? new Float32Array(channels.length * per) : null;
    channels.forEach((c, ci) => {
      for (let i = 0; i < k[0]; i++)
        for (let j = 0; j < k[1]; j++) {
          const r = rows[i],
            q = cols[j];
          const at = ci * per + i * k[1] + j;
          input[at] = r >= 0 && r < H && q >= 0 && q < W ? inV[(r * W + q) * C + c] : 0;
          if (kernel)
            kernel[at] = multiplier
              ? kernelAll![((i * k[1] + j) * C + c) * multiplier + (u.channel % multiplier)]
              : kernelAll![((i * k[1] + j) * C + c) * Co + u.channel];
        }
    });
    const activation = (kind === 'conv' && def!.activationOf?.(node.params as never)) || 'linear';
    return {
      unit: u,
      kind,
      kh: k[0],
      kw: k[1],
      channels,
      rows,
      cols,
      input,
      kernel,
      bias,
      activation,
      modelValue: outV[(u.y * outShape[1] + u.x) * Co + u.channel],
      geometry,
      outChannels: Co,
      countsPadding: how === 'avg-counting-padding',
    };
  }
}
