// Helpers the layer definitions share for reading ONNX nodes (their `fromOnnx`). ONNX is NCHW; the
// editor's shapes are NHWC without the batch axis, and its weights are in the tfjs layout.
import { axisPadding } from '../convmath';
import { errorText, type Msg, type MsgOrText } from '../../i18n/msg';
import type { Pair } from '../params';
import type { Shape } from '../types';
import type { ExportTensor, OnnxGraph, OnnxNode } from '../layer';
import { reasons } from './reasons';

/** Why an ONNX node cannot be read, shared by the layer files' readers (reason.<key>). */
export const onnxWhy = reasons({
  'input-not-computed-named': "its input {{value}} is not computed from the model's input",
  'input-not-computed': 'its input is not computed from the model input',
  'input-flat': 'its input is a flat vector ({{shape}}), not an NCHW feature map',
  'auto-pad': 'auto_pad {{auto}} (only NOTSET, VALID and SAME_UPPER)',
  'pads-count': 'pads {{pads}} (expected 4 numbers)',
  'pads-not-same':
    "asymmetric pads [top {{t}}, left {{l}}, bottom {{b}}, right {{r}}] that are not TensorFlow's 'same' for a {{h}}x{{w}} input",
  'axis-channels': 'axis {{axis}} (only the channels, axis 1)',
});

/** An ONNX value the importer cannot read (a weight that is not a float constant...): an ImportError. */
export class OnnxConfigError extends Error {
  override readonly name = 'OnnxConfigError';
  readonly msg: Msg;
  constructor(m: MsgOrText) {
    const t = errorText(m);
    super(t.message);
    this.msg = t.msg;
  }
}

/** The batch size in folded shape arithmetic (Shape(x)[0]): not a valid ONNX dimension, so never confused with one. */
export const BATCH_DIM = -7;

/** ONNX conv kernel [F, C, kh, kw] -> tfjs [kh, kw, C, F]. */
export const ONNX_CONV_PERM = [2, 3, 1, 0] as const;
/** ONNX depthwise kernel reshaped to [C, M, kh, kw] -> tfjs [kh, kw, C, M]. */
export const ONNX_DEPTHWISE_PERM = [2, 3, 0, 1] as const;
/** ONNX transposed kernel [C_in, F, kh, kw] -> tfjs [kh, kw, F, C_in]. */
export const ONNX_CONV_T_PERM = [2, 3, 1, 0] as const;

/** The spatial input of a node as an editor feature map [H, W, C], or why not. */
export function featureMap(n: OnnxNode, g: OnnxGraph, value = n.inputs[0]): Shape | Msg {
  const s = g.shape(value);
  if (!s) return onnxWhy('input-not-computed-named', { value });
  if (s.length !== 3) return onnxWhy('input-flat', { shape: s.join('x') });
  return s;
}

const pair = (v: readonly number[], def: Pair): Pair => (v.length === 2 ? [v[0], v[1]] : def);

/** kernel_shape, strides and dilations of a 2-D window; null if the node is not 2-D. */
export function windowOf(n: OnnxNode, kernelFallback?: readonly number[]) {
  const k = n.nums('kernel_shape', kernelFallback ?? []);
  if (k.length !== 2) return null;
  return {
    kernel: [k[0], k[1]] as Pair,
    stride: pair(n.nums('strides', [1, 1]), [1, 1]),
    dilation: pair(n.nums('dilations', [1, 1]), [1, 1]),
  };
}

/** The zero padding of a constant Pad node on H and W as [top, left, bottom, right], or null if it is not that. */
export function spatialZeroPad(pad: OnnxNode, g: OnnxGraph): [number, number, number, number] | null {
  if (pad.str('mode', 'constant') !== 'constant') return null;
  const pads = pad.inputs[1] ? g.constant(pad.inputs[1])?.data : pad.nums('pads', []);
  if (!pads || pads.length !== 8) return null;
  const value = pad.inputs[2] ? g.constant(pad.inputs[2])?.data[0] : 0;
  if (value !== 0 && value !== undefined) return null;
  // [N, C, H, W] begins, then ends: only H and W may be padded.
  if (pads[0] || pads[1] || pads[4] || pads[5] || [...pads].some((v) => v < 0)) return null;
  return [pads[2], pads[3], pads[6], pads[7]];
}

/**
 * The input and the extra padding of a conv: a Pad node feeding it (only it) is folded in. The Pad
 * itself reads as an alias (Conv2D's `Pad` reader), so the conv's input is the unpadded value.
 */
export function foldedPad(n: OnnxNode, g: OnnxGraph): [number, number, number, number] {
  const p = g.producer(n.inputs[0]);
  return (p?.opType === 'Pad' && spatialZeroPad(p, g)) || [0, 0, 0, 0];
}

export type ReadPadding =
  | { readonly padding: 'valid' | 'same' | 'explicit'; readonly pad: Pair }
  /** Only where the caller takes it (`asymmetric`): `pad` at the top and left, `padEnd` at the bottom and right. */
  | { readonly padding: 'asymmetric'; readonly pad: Pair; readonly padEnd: Pair }
  | { readonly unsupported: Msg };

/**
 * ONNX auto_pad/pads of a sliding window over an h x w input, as the editor's padding: none is 'valid',
 * equal before and after is 'explicit', TF's rule (the odd one at the end) is 'same'.
 */
export function readPadding(
  n: OnnxNode,
  [h, w]: Shape,
  { kernel: k, stride: s, dilation: d }: { kernel: Pair; stride: Pair; dilation: Pair },
  extra: readonly number[] = [0, 0, 0, 0],
  asymmetric = false,
): ReadPadding {
  const auto = n.str('auto_pad', 'NOTSET');
  const sum = extra.reduce((a, b) => a + b, 0);
  if (auto === 'VALID' && !sum) return { padding: 'valid', pad: [0, 0] };
  if (auto === 'SAME_UPPER' && !sum) return { padding: 'same', pad: [0, 0] };
  if (auto !== 'NOTSET') return { unsupported: onnxWhy('auto-pad', { auto }) };
  const own = n.nums('pads', [0, 0, 0, 0]);
  if (own.length !== 4) return { unsupported: onnxWhy('pads-count', { pads: JSON.stringify(own) }) };
  const [t, l, b, r] = own.map((v, i) => v + extra[i]);
  if (t + l + b + r === 0) return { padding: 'valid', pad: [0, 0] };
  if (t === b && l === r) return { padding: 'explicit', pad: [t, l] };
  const sh = axisPadding('same', h, k[0], s[0], d[0], 0),
    sw = axisPadding('same', w, k[1], s[1], d[1], 0);
  if (sh.before === t && sh.after === b && sw.before === l && sw.after === r) return { padding: 'same', pad: [0, 0] };
  if (asymmetric) return { padding: 'asymmetric', pad: [t, l], padEnd: [b, r] };
  return {
    unsupported: onnxWhy('pads-not-same', { t, l, b, r, h, w }),
  };
}

/**
 * When the user asked for it (g.foldBatchNorm): the BatchNormalization that is the only reader of a conv's
 * output, folded into the conv's kernel and bias. The kernel is in the tfjs layout, whose last axes flatten to
 * the `f` output channels ([kh, kw, C, F]; depthwise [kh, kw, C, M]: channel c*M + m, as ONNX numbers them):
 * scale = gamma / sqrt(var + eps), kernel *= scale, bias = (bias - mean) * scale + beta. Null when there is none
 * to fold (the BN then stays a node of its own).
 */
export function foldedBatchNorm(
  conv: OnnxNode,
  g: OnnxGraph,
  kernel: ExportTensor,
  bias: ExportTensor | undefined,
  f: number,
): { bn: OnnxNode; kernel: ExportTensor; bias: ExportTensor } | null {
  if (!g.foldBatchNorm || g.isOutput(conv.outputs[0])) return null;
  const readers = g.consumers(conv.outputs[0]);
  const bn = readers.length === 1 ? readers[0] : undefined;
  if (bn?.opType !== 'BatchNormalization' || bn.inputs[0] !== conv.outputs[0]) return null;
  if (bn.outputs.filter(Boolean).length > 1) return null;
  const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((i) => g.constant(bn.inputs[i] ?? ''));
  const floats = [gamma, beta, mean, variance].map((t) =>
    t && t.data instanceof Float32Array && t.data.length === f ? t.data : null,
  );
  if (floats.some((t) => !t)) return null;
  const [ga, be, mu, va] = floats as Float32Array[];
  const eps = bn.num('epsilon', 1e-5);
  // In float64, rounded once to float32: the folded weights are as close to the exact product as float32 allows.
  const scale = Float64Array.from(ga, (v, i) => v / Math.sqrt(va[i] + eps));
  const k = Float32Array.from(kernel.data, (v, i) => v * scale[i % f]);
  const b = Float32Array.from(scale, (s, i) => ((bias ? bias.data[i] : 0) - mu[i]) * s + be[i]);
  return { bn, kernel: { shape: [...kernel.shape], data: k }, bias: { shape: [f], data: b } };
}
