// Helpers the layer definitions share for their ONNX and PyTorch mappings: fused activations,
// padding and the weight-layout permutations. Exports are NCHW: channels are axis 1.
import type { OnnxCtx, TorchCtx } from '../layer';
import type { AxisPad } from '../convmath';

/** tfjs conv kernel [kh, kw, in, out] -> ONNX/PyTorch [out, in, kh, kw]. */
export const CONV_KERNEL_PERM = [3, 2, 0, 1] as const;
/** tfjs transposed-conv kernel [kh, kw, out, in] -> ONNX/PyTorch [in, out, kh, kw]. */
export const CONV_T_KERNEL_PERM = [3, 2, 0, 1] as const;
/** tfjs depthwise kernel [kh, kw, C, M] -> [C, M, kh, kw], then reshaped to [C*M, 1, kh, kw]. */
export const DEPTHWISE_PERM = [2, 3, 0, 1] as const;
/** tfjs dense kernel [in, out] -> [out, in] (Gemm transB=1, nn.Linear). */
export const DENSE_PERM = [1, 0] as const;

const float = (f: number) => ({ f });

/** A fused or standalone activation on an NCHW (or [N, F]) value. `linear` is the identity. */
export function onnxActivation(ctx: OnnxCtx<unknown>, kind: string, x: string, hint: string): string {
  switch (kind) {
    case 'linear':
      return x;
    case 'relu':
      return ctx.op('Relu', [x], {}, hint);
    case 'relu6':
      return ctx.op(
        'Clip',
        [
          x,
          ctx.constant(`${hint}_min`, { shape: [], data: new Float32Array([0]) }),
          ctx.constant(`${hint}_max`, { shape: [], data: new Float32Array([6]) }),
        ],
        {},
        hint,
      );
    case 'elu':
      return ctx.op('Elu', [x], { alpha: float(1) }, hint);
    // Keras's SELU constants (ONNX's defaults differ in the 8th digit).
    case 'selu':
      return ctx.op('Selu', [x], { alpha: float(1.6732632423543772), gamma: float(1.0507009873554805) }, hint);
    case 'sigmoid':
      return ctx.op('Sigmoid', [x], {}, hint);
    case 'tanh':
      return ctx.op('Tanh', [x], {}, hint);
    // tfjs takes softmax over the last axis, the channels: axis 1 here.
    case 'softmax':
      return ctx.op('Softmax', [x], { axis: { i: 1 } }, hint);
    default:
      throw new Error(`activation "${kind}" has no ONNX mapping`);
  }
}

export function torchActivation(kind: string, x: string): string {
  switch (kind) {
    case 'linear':
      return x;
    case 'relu':
      return `F.relu(${x})`;
    case 'relu6':
      return `F.relu6(${x})`;
    case 'elu':
      return `F.elu(${x})`;
    case 'selu':
      return `F.selu(${x})`;
    case 'sigmoid':
      return `torch.sigmoid(${x})`;
    case 'tanh':
      return `torch.tanh(${x})`;
    case 'softmax':
      return `F.softmax(${x}, dim=1)`;
    default:
      throw new Error(`activation "${kind}" has no PyTorch mapping`);
  }
}

/** ONNX `pads` for two spatial axes: [top, left, bottom, right]. */
export const onnxPads = (ph: AxisPad, pw: AxisPad) => ({ ints: [ph.before, pw.before, ph.after, pw.after] });

export const isSymmetric = (ph: AxisPad, pw: AxisPad) => ph.before === ph.after && pw.before === pw.after;
export const hasPadding = (ph: AxisPad, pw: AxisPad) => ph.before + ph.after + pw.before + pw.after > 0;

/** F.pad's order for NCHW: (left, right, top, bottom). */
export const torchPad = (x: string, ph: AxisPad, pw: AxisPad, value?: string) =>
  `F.pad(${x}, (${pw.before}, ${pw.after}, ${ph.before}, ${ph.after})${value ? `, value=${value}` : ''})`;

export const pyPair = (v: readonly [number, number] | readonly number[]) => `(${v[0]}, ${v[1]})`;

export const pyFloat = (v: number) => (Number.isInteger(v) ? `${v}.0` : String(v));

/** Names in TorchCtx are for the types; used so layer files need not import them twice. */
export type { OnnxCtx, TorchCtx };
