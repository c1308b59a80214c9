// Conv2D and Conv2DTranspose.
import { fixSay, say } from '../../i18n/msg';
import { paramLabel } from '../params';
import {
  axisPadding,
  effectiveKernel,
  outputLength,
  transposedLength,
  transposedRF,
  windowRF,
  type PaddingMode,
} from '../convmath';
import {
  defineLayer,
  type ExportCtxBase,
  type KerasLayer,
  type KerasModel,
  type KerasRead,
  type OnnxGraph,
  type OnnxNode,
  type OnnxRead,
} from '../layer';
import {
  featureMap,
  foldedBatchNorm,
  foldedPad,
  ONNX_CONV_PERM,
  ONNX_CONV_T_PERM,
  ONNX_DEPTHWISE_PERM,
  readPadding,
  spatialZeroPad,
  windowOf,
  onnxWhy,
} from './onnxread';
import { reasons } from './reasons';
import { bool, choice, int, pair, type ParamValues } from '../params';
import { trainableDilation } from './atrous';
import type { Params, Problem } from '../types';
import { expectSpatial, fusedActivation, glorot, type Pair, IN_PORT } from './common';
import { shrinkFix, windowExceedsInput } from './window';
import { channelsLast, fusedKeras, kerasActivation, kerasPair, kerasWhy, zeroPadding } from './keras';

/** Why a conv's Keras layer or ONNX node cannot be read (reason.<key>; English here, translations in zh-CN.tables.ts). */
const why = reasons({
  'keras-padding': 'padding {{padding}}',
  'keras-groups': 'groups {{groups}}',
  'zero-padding-alone': 'zero padding that does not feed a single valid Conv2D',
  'pad-not-zeros': 'padding that is not zeros on H and W feeding only convolutions and average pooling',
  'conv-weights': 'its weights are not a constant 4-D tensor (only 2-D convolutions)',
  'conv-not-2d': 'not a 2-D convolution',
  'conv-group':
    'group {{groups}} over {{channels}} channels (only 1, or depthwise: the input channels); split it into {{groups}} Conv2D nodes joined by a Concat',
  'asymmetric-pads': 'asymmetric pads',
  dilation: 'dilation',
  'output-padding': 'output_padding',
  'weights-not-4d': 'its weights are not a constant 4-D tensor',
  'conv-t-not-2d': 'not a 2-D transposed convolution',
  'conv-t-group': 'group {{groups}} (only 1)',
  'conv-t-dilation': 'dilation (only 1)',
  'output-shape': 'output_shape (give pads instead)',
  'conv-t-pads':
    "pads {{pads}} with output_padding {{outputPadding}}: only the 'valid' and 'same' geometries of a TensorFlow transposed convolution",
});
import {
  CONV_KERNEL_PERM,
  CONV_T_KERNEL_PERM,
  DEPTHWISE_PERM,
  isSymmetric,
  onnxActivation,
  onnxPads,
  pyPair,
  torchActivation,
  torchPad,
} from './exportmaps';

/** Python keyword arguments, leaving out those at PyTorch's defaults. */
const kwargs = (args: Record<string, string | null>) =>
  Object.entries(args)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `, ${k}=${v}`)
    .join('');
const unlessOnes = (v: Pair) => (v[0] === 1 && v[1] === 1 ? null : pyPair(v));

const explicitOnly = (p: Params) => p.padding === 'explicit';

const CONV_PARAMS = {
  filters: int('Filters', 1, 8192, 32, 'Number of output channels F (kernels).'),
  kernel: pair('Kernel', 1, 64, [3, 3], 'Kernel height x width.'),
  stride: pair('Stride', 1, 32, [1, 1], 'Step between neighbouring windows.'),
  padding: choice(
    'Padding',
    ['valid', 'same', 'full', 'explicit'],
    'same',
    'valid: no padding; same: output = ceil(input/stride) (TensorFlow rule, extra row at the bottom/right); full: k-1 zeros each side; explicit: the numbers below.',
    { optionLabels: { valid: 'valid (narrow)', same: 'same', full: 'full (wide)', explicit: 'explicit' } },
  ),
  pad: pair('Pad (h, w)', 0, 64, [1, 1], 'Zeros added on each side (top and bottom, left and right).', explicitOnly),
  dilation: pair('Dilation', 1, 32, [1, 1], 'Spacing between kernel taps; effective kernel = d(k-1)+1.'),
  groups: int(
    'Groups',
    1,
    8192,
    1,
    '1 for an ordinary convolution, or equal to the input channels for a depthwise convolution (filters must then be a multiple of the input channels).',
  ),
  bias: bool('Bias', true, 'Add a learned bias per output channel (usually off before BatchNorm).'),
  activation: fusedActivation('relu'),
};
/** A Conv2D node's parameter values. */
export type ConvValues = ParamValues<typeof CONV_PARAMS>;

/** What the ONNX and PyTorch mappings of Conv2D share: padding, kernel size and the kernel in OIHW layout. */
function convExport(ctx: ExportCtxBase<ConvValues>) {
  const p = ctx.params;
  const [h, w, c] = ctx.inShapes[0];
  const [ph, pw] = convPadding(p, h, w);
  const k = p.kernel,
    f = p.filters,
    depthwise = p.groups > 1;
  const kernel = depthwise
    ? ctx.weight(ctx.name, 'depthwise_kernel', DEPTHWISE_PERM, [f, 1, k[0], k[1]])
    : ctx.weight(ctx.name, 'kernel', CONV_KERNEL_PERM);
  return { p, c, ph, pw, k, f, depthwise, kernel };
}

/** Per-axis padding (before, after) of a Conv2D for an input of size [h, w]. */
export function convPadding(p: ConvValues, h: number, w: number) {
  const k = p.kernel,
    s = p.stride,
    d = p.dilation,
    e = p.pad;
  const mode: PaddingMode = p.padding;
  return [axisPadding(mode, h, k[0], s[0], d[0], e[0]), axisPadding(mode, w, k[1], s[1], d[1], e[1])] as const;
}

/**
 * A Keras Conv2D or DepthwiseConv2D. Our own export splits 'full' and 'explicit' padding off as a
 * symmetric ZeroPadding2D feeding only a 'valid' Conv2D: that pair is folded back into one node. A
 * depthwise conv's groups and filters follow from its input channels (afterShapes).
 */
function convFromKeras(k: KerasLayer, m: KerasModel): KerasRead<ConvValues> {
  const c = k.config,
    depthwise = k.className === 'DepthwiseConv2D';
  const padLayer = !depthwise && c.padding === 'valid' ? m.layer(k.inbound[0]) : undefined;
  let fold: [[number, number], [number, number]] | null = null;
  if (padLayer?.className === 'ZeroPadding2D' && m.consumers(padLayer.name).length === 1) {
    const pads = zeroPadding(padLayer.config);
    if (pads[0][0] === pads[0][1] && pads[1][0] === pads[1][1]) fold = pads;
  }
  const absorbs = fold && padLayer ? [padLayer.name] : undefined;
  const activation = fusedKeras(c.activation);
  if (!channelsLast(c)) return { unsupported: kerasWhy('channels-first'), absorbs };
  if (!activation)
    return { unsupported: kerasWhy('activation', { activation: kerasActivation(c.activation) }), absorbs };
  if (c.padding !== 'valid' && c.padding !== 'same')
    return { unsupported: why('keras-padding', { padding: JSON.stringify(c.padding) }), absorbs };
  if (c.groups !== undefined && c.groups !== 1)
    return { unsupported: why('keras-groups', { groups: String(c.groups) }), absorbs };
  const kernel = kerasPair(c.kernel_size, `${k.name}.kernel_size`);
  const stride = kerasPair(c.strides ?? 1, `${k.name}.strides`);
  const dilation = kerasPair(c.dilation_rate ?? 1, `${k.name}.dilation_rate`);
  const params = {
    // groups 0 until the input channels are known (afterShapes).
    filters: depthwise ? Number(c.depth_multiplier ?? 1) : Number(c.filters),
    kernel,
    stride,
    padding: c.padding as 'valid' | 'same',
    dilation,
    groups: depthwise ? 0 : 1,
    bias: c.use_bias !== false,
    activation,
  };
  if (!fold) return { params };
  const [[t], [l]] = fold;
  const full = t === dilation[0] * (kernel[0] - 1) && l === dilation[1] * (kernel[1] - 1);
  return { params: { ...params, padding: full ? 'full' : 'explicit', pad: [t, l] }, absorbs };
}

const padText = (p: ConvValues) => (p.padding === 'explicit' ? `pad ${p.pad.join('x')}` : p.padding);
const pairText = (v: Pair) => (v[0] === v[1] ? String(v[0]) : `${v[0]}x${v[1]}`);

export const Conv2D = defineLayer({
  reasons: { ...kerasWhy.table, ...onnxWhy.table, ...why.table },
  type: 'Conv2D',
  explain: () => 'conv',
  idPrefix: 'conv',
  title: 'Conv2D',
  category: 'Convolution',
  doc: 'Slides F learned kernels of size kh x kw over the input; each output channel is a weighted sum over a kh x kw window of all input channels (plus a bias). Stride skips positions, padding adds zeros at the border, dilation spreads the kernel taps apart. With groups equal to the input channels it becomes a depthwise convolution (each channel filtered on its own).',
  formulas: [
    'out = floor((n + p_before + p_after - d(k-1) - 1) / s) + 1',
    'valid: p = 0 (out = n-k+1);  same: out = ceil(n/s);  full: p = d(k-1) (out = n+k-1 at s=1)',
    'rf_out = rf_in + (d(k-1)) * jump_in;  jump_out = jump_in * s',
    'params = kh*kw*(C_in/groups)*F + F (bias)',
  ],
  params: CONV_PARAMS,
  presets: [
    { label: '3x3 same', params: { kernel: [3, 3], stride: [1, 1], padding: 'same', dilation: [1, 1] } },
    { label: '5x5 valid', params: { kernel: [5, 5], stride: [1, 1], padding: 'valid', dilation: [1, 1] } },
    { label: '3x3 stride 2', params: { kernel: [3, 3], stride: [2, 2], padding: 'same', dilation: [1, 1] } },
    { label: '1x1', params: { kernel: [1, 1], stride: [1, 1], padding: 'valid', dilation: [1, 1] } },
  ],
  // Linear, with the activation as a node of its own: what is drawn is what is computed, and a Conv -> BatchNorm
  // -> ReLU or a residual add before its ReLU is built as drawn. Files that leave the parameter out still mean
  // relu (the parameter default).
  newNode: { activation: 'linear' },
  ports: () => IN_PORT,
  kernelImages: true,
  window: (p) => ({
    kernel: p.kernel,
    stride: p.stride,
    dilation: p.dilation,
    padding: p.padding,
    pad: p.padding === 'explicit' ? p.pad : [0, 0],
  }),
  summary: (p) => {
    const d = p.dilation;
    const text = `${p.filters}@${pairText(p.kernel)} s${pairText(p.stride)} ${padText(p)}${d[0] * d[1] > 1 ? ` d${pairText(d)}` : ''}`;
    return p.groups > 1 ? { key: 'summary.depthwise', params: { text } } : text;
  },
  activationOf: (p) => p.activation,
  // A depthwise conv's filters must stay a multiple of its input channels: no width to scale.
  widthParam: (p) => (p.groups > 1 ? undefined : 'filters'),
  infer({ nodeId, params: p, inputs }) {
    const x = inputs[0];
    const bad = expectSpatial(nodeId, 'Conv2D', x);
    if (bad) return { shape: null, problems: [bad] };
    const [h, w, c] = x;
    const k = p.kernel,
      s = p.stride,
      d = p.dilation;
    const problems: Problem[] = [];
    const groups = p.groups,
      filters = p.filters;
    if (groups !== 1) {
      if (groups !== c) {
        return {
          shape: null,
          problems: [
            {
              severity: 'error',
              code: 'groups-unsupported',
              nodeId,
              param: 'groups',
              ...say('problem.groups-unsupported', { groups, channels: c }),
              fix: {
                kind: 'setParam',
                ...fixSay('fix.setParam', { param: paramLabel('Conv2D', 'groups'), value: 1 }),
                nodeId,
                param: 'groups',
                value: 1,
              },
            },
          ],
        };
      }
      if (filters % c !== 0) {
        const f = Math.max(1, Math.round(filters / c)) * c;
        return {
          shape: null,
          problems: [
            {
              severity: 'error',
              code: 'depthwise-filters',
              nodeId,
              param: 'filters',
              ...say('problem.depthwise-filters', { channels: c, filters }),
              fix: {
                kind: 'setParam',
                ...fixSay('fix.setParam', { param: paramLabel('Conv2D', 'filters'), value: f }),
                nodeId,
                param: 'filters',
                value: f,
              },
            },
          ],
        };
      }
    }
    if (groups !== 1 && (d[0] > 1 || d[1] > 1)) {
      // tfjs-layers' DepthwiseConv2D ignores dilation when it computes its output shape, so the
      // model it builds disagrees with the tensors it computes.
      return {
        shape: null,
        problems: [
          {
            severity: 'error',
            code: 'dilation-depthwise',
            nodeId,
            param: 'dilation',
            ...say('problem.dilation-depthwise', { dilation: pairText(d) }),
            fix: {
              kind: 'setParam',
              ...fixSay('fix.setParam', { param: paramLabel('Conv2D', 'dilation'), value: 1 }),
              nodeId,
              param: 'dilation',
              value: [1, 1],
            },
          },
        ],
      };
    }
    if ((s[0] > 1 || s[1] > 1) && (d[0] > 1 || d[1] > 1)) {
      return {
        shape: null,
        problems: [
          {
            severity: 'error',
            code: 'dilation-with-stride',
            nodeId,
            param: 'dilation',
            ...say('problem.dilation-with-stride', { stride: pairText(s), dilation: pairText(d) }),
            fix: {
              kind: 'setParam',
              ...fixSay('fix.setParam', { param: paramLabel('Conv2D', 'dilation'), value: 1 }),
              nodeId,
              param: 'dilation',
              value: [1, 1],
            },
          },
        ],
      };
    }
    const [ph, pw] = convPadding(p, h, w);
    const oh = outputLength(h, k[0], s[0], d[0], ph),
      ow = outputLength(w, k[1], s[1], d[1], pw);
    if (oh <= 0 || ow <= 0) {
      const ke = [effectiveKernel(k[0], d[0]), effectiveKernel(k[1], d[1])];
      problems.push({
        severity: 'error',
        code: 'kernel-too-large',
        nodeId,
        param: 'kernel',
        ...say(d[0] * d[1] > 1 ? 'problem.kernel-too-large-dilated' : 'problem.kernel-too-large', {
          kernel: `${k[0]}x${k[1]}`,
          effective: `${ke[0]}x${ke[1]}`,
          input: `${h}x${w}`,
          padding: padText(p),
          output: `${oh}x${ow}`,
        }),
        fix: shrinkFix(nodeId, 'kernel', 'kernel', k, d, [h + ph.before + ph.after, w + pw.before + pw.after], [h, w]),
      });
      return { shape: null, problems };
    }
    if (p.padding === 'same') {
      const big = windowExceedsInput(nodeId, 'kernel', 'Kernel', k, d, [h, w]);
      if (big) problems.push(big);
    }
    return { shape: [oh, ow, filters], problems };
  },
  rf({ params: p, inputs, inShapes }) {
    const [ph, pw] = convPadding(p, inShapes[0][0], inShapes[0][1]);
    return windowRF(inputs[0], p.kernel, p.stride, p.dilation, [ph.before, pw.before]);
  },
  counts(p, [x], out) {
    const k = p.kernel;
    const cin = x[2],
      f = p.filters;
    const perGroupIn = p.groups > 1 ? 1 : cin;
    const weights = k[0] * k[1] * perGroupIn * f;
    return {
      trainable: weights + (p.bias ? f : 0),
      nonTrainable: 0,
      macs: out[0] * out[1] * f * k[0] * k[1] * perGroupIn,
    };
  },
  // 'full' and 'explicit' padding add a ZeroPadding2D layer before the convolution.
  tfjsDepth: (p) => (p.padding === 'full' || p.padding === 'explicit' ? 2 : 1),
  tfjs({ tf, params: p, inputs, inShapes, name, seed }) {
    let x = inputs[0];
    const [h, w, c] = inShapes[0];
    const [ph, pw] = convPadding(p, h, w);
    const mode = p.padding;
    let padding: 'valid' | 'same' = 'valid';
    if (mode === 'same') padding = 'same';
    else if (mode !== 'valid' && ph.before + ph.after + pw.before + pw.after > 0) {
      x = tf.layers
        .zeroPadding2d({
          name: `${name}__pad`,
          padding: [
            [ph.before, ph.after],
            [pw.before, pw.after],
          ],
        })
        .apply(x) as typeof x;
    }
    const common = {
      name,
      kernelSize: [...p.kernel],
      strides: [...p.stride],
      padding,
      dilationRate: [...p.dilation] as [number, number],
      useBias: p.bias,
      activation: p.activation,
      biasInitializer: 'zeros' as const,
    };
    const layer =
      p.groups > 1
        ? tf.layers.depthwiseConv2d({
            ...common,
            kernelSize: common.kernelSize as [number, number],
            depthMultiplier: p.filters / c,
            depthwiseInitializer: glorot(tf, seed),
          })
        : trainableDilation(
            tf,
            tf.layers.conv2d({ ...common, filters: p.filters, kernelInitializer: glorot(tf, seed) }),
          );
    return layer.apply(x) as typeof x;
  },
  onnx(ctx) {
    const { p, c, ph, pw, k, depthwise, kernel } = convExport(ctx);
    const inputs = [ctx.inputs[0], ctx.constant(`${ctx.name}.weight`, kernel)];
    if (p.bias) inputs.push(ctx.constant(`${ctx.name}.bias`, ctx.weight(ctx.name, 'bias')));
    const y = ctx.op(
      'Conv',
      inputs,
      {
        kernel_shape: { ints: k },
        strides: { ints: p.stride },
        dilations: { ints: p.dilation },
        pads: onnxPads(ph, pw),
        group: { i: depthwise ? c : 1 },
      },
      ctx.name,
    );
    return onnxActivation(ctx, p.activation, y, `${ctx.name}_act`);
  },
  torch(ctx) {
    const { p, c, ph, pw, k, f, depthwise, kernel } = convExport(ctx);
    // TF's 'same' puts an odd extra row/column at the bottom/right: PyTorch pads symmetrically, so
    // asymmetric padding is done with F.pad in forward().
    const sym = isSymmetric(ph, pw);
    const m = ctx.module(
      '',
      `nn.Conv2d(${c}, ${f}, kernel_size=${pyPair(k)}${kwargs({
        stride: unlessOnes(p.stride),
        padding: sym && ph.before + pw.before > 0 ? pyPair([ph.before, pw.before]) : null,
        dilation: unlessOnes(p.dilation),
        groups: depthwise ? String(c) : null,
        bias: p.bias ? null : 'False',
      })})`,
      p.bias ? { weight: kernel, bias: ctx.weight(ctx.name, 'bias') } : { weight: kernel },
    );
    const x = sym ? ctx.inputs[0] : torchPad(ctx.inputs[0], ph, pw);
    return torchActivation(p.activation, `${m}(${x})`);
  },
  fromKeras: {
    classes: {
      Conv2D: convFromKeras,
      DepthwiseConv2D: convFromKeras,
      ZeroPadding2D: () => ({ unsupported: why('zero-padding-alone') }),
    },
    afterShapes: (p, s) => (p.groups === 0 && s.length === 3 ? { groups: s[2], filters: s[2] * p.filters } : null),
  },
  fromOnnx: {
    ops: {
      Conv: convFromOnnx,
      // Zero padding feeding only convolutions (and average pooling: torch writes AvgPool2d's padding so) is
      // folded into their padding (convFromOnnx, Pool's reader).
      Pad: (n, g) =>
        spatialZeroPad(n, g) &&
        g.consumers(n.outputs[0]).every((c) => c.opType === 'Conv' || c.opType === 'AveragePool')
          ? { alias: true }
          : { unsupported: why('pad-not-zeros') },
    },
  },
  alternatives: {
    onnx: {
      ConvInteger: 'Conv2D (float weights: dequantize the model first)',
      QLinearConv: 'Conv2D (float weights: dequantize the model first)',
    },
    keras: {
      SeparableConv2D: 'a depthwise Conv2D (groups = input channels) followed by a 1x1 Conv2D',
      Conv1D: 'Conv2D with a k x 1 kernel on an H x 1 input',
    },
  },
});

function convFromOnnx(n: OnnxNode, g: OnnxGraph): OnnxRead<ConvValues> {
  const x = featureMap(n, g);
  if ('key' in x) return { unsupported: x };
  const [, , c] = x;
  const w = g.constant(n.inputs[1]);
  if (!w || w.dims.length !== 4) return { unsupported: why('conv-weights') };
  const [f, perGroup, kh, kw] = w.dims;
  const win = windowOf(n, [kh, kw]);
  if (!win) return { unsupported: why('conv-not-2d') };
  const groups = n.num('group', 1);
  const depthwise = groups > 1 && groups === c && perGroup === 1 && f % c === 0;
  if (groups !== 1 && !depthwise)
    return {
      unsupported: why('conv-group', { groups, channels: c }),
    };
  const pad = readPadding(n, x, win, foldedPad(n, g));
  if ('unsupported' in pad) return pad;
  if (pad.padding === 'asymmetric') return { unsupported: why('asymmetric-pads') }; // readPadding gives it only on request
  let bias = n.inputs[2] ? g.weight(n.inputs[2]) : undefined;
  let k = depthwise
    ? g.weight(n.inputs[1], ONNX_DEPTHWISE_PERM, [c, f / c, kh, kw])
    : g.weight(n.inputs[1], ONNX_CONV_PERM);
  // At the user's request, a BatchNormalization reading only this conv becomes part of its kernel and bias.
  const bn = foldedBatchNorm(n, g, k, bias, f);
  if (bn) ({ kernel: k, bias } = bn);
  const kernel = depthwise ? { depthwise_kernel: k } : { kernel: k };
  return {
    params: {
      filters: f,
      kernel: win.kernel,
      stride: win.stride,
      dilation: win.dilation,
      padding: pad.padding,
      pad: pad.padding === 'explicit' ? pad.pad : [1, 1],
      groups: depthwise ? c : 1,
      bias: !!bias,
      activation: 'linear',
    },
    weights: bias ? { ...kernel, bias } : kernel,
    inputs: [g.producer(n.inputs[0])?.opType === 'Pad' ? g.producer(n.inputs[0])!.inputs[0] : n.inputs[0]],
    ...(bn ? { absorbs: [bn.bn] } : {}),
  };
}

export const Conv2DTranspose = defineLayer({
  type: 'Conv2DTranspose',
  idPrefix: 'deconv',
  title: 'Conv2DTranspose',
  category: 'Convolution',
  doc: 'The transpose (gradient) of a convolution, sometimes called deconvolution: each input position scatters a learned kh x kw kernel into the output, so a stride s makes the output s times larger. Used to upsample, e.g. in decoders and segmentation nets.',
  formulas: [
    'valid: out = n*s + max(k - s, 0);  same: out = n*s',
    'jump_out = jump_in / s',
    'params = kh*kw*C_in*F + F (bias)',
  ],
  params: {
    filters: int('Filters', 1, 8192, 32, 'Number of output channels F.'),
    kernel: pair('Kernel', 1, 64, [3, 3], 'Kernel height x width.'),
    stride: pair('Stride', 1, 32, [2, 2], 'Upsampling factor.'),
    padding: choice(
      'Padding',
      ['valid', 'same'],
      'same',
      'same: output = input x stride; valid: output = input x stride + max(kernel - stride, 0).',
    ),
    bias: bool('Bias', true, 'Add a learned bias per output channel.'),
    activation: fusedActivation('relu'),
  },
  newNode: { activation: 'linear' },
  ports: () => IN_PORT,
  summary: (p) => `${p.filters}@${pairText(p.kernel)} up${pairText(p.stride)} ${p.padding}`,
  activationOf: (p) => p.activation,
  widthParam: () => 'filters',
  infer({ nodeId, params: p, inputs }) {
    const bad = expectSpatial(nodeId, 'Conv2DTranspose', inputs[0]);
    if (bad) return { shape: null, problems: [bad] };
    const [h, w] = inputs[0];
    const k = p.kernel,
      s = p.stride,
      mode = p.padding;
    return { shape: [transposedLength(h, k[0], s[0], mode), transposedLength(w, k[1], s[1], mode), p.filters] };
  },
  rf({ params: p, inputs, inShapes, outShape }) {
    const k = p.kernel,
      s = p.stride;
    const crop = (i: 0 | 1) => {
      const full = inShapes[0][i] * s[i] + Math.max(k[i] - s[i], 0);
      return Math.floor((full - outShape[i]) / 2);
    };
    return transposedRF(inputs[0], k, s, [crop(0), crop(1)]);
  },
  counts(p, [x]) {
    const k = p.kernel,
      f = p.filters;
    return {
      trainable: k[0] * k[1] * x[2] * f + (p.bias ? f : 0),
      nonTrainable: 0,
      macs: x[0] * x[1] * x[2] * k[0] * k[1] * f,
    };
  },
  tfjs({ tf, params: p, inputs, name, seed }) {
    return tf.layers
      .conv2dTranspose({
        name,
        filters: p.filters,
        kernelSize: [...p.kernel],
        strides: [...p.stride],
        padding: p.padding,
        useBias: p.bias,
        activation: p.activation,
        kernelInitializer: glorot(tf, seed),
      })
      .apply(inputs[0]) as (typeof inputs)[0];
  },
  onnx(ctx) {
    const p = ctx.params;
    const k = p.kernel,
      s = p.stride;
    const { pads, outputPadding } = transposedPads(k, s, p.padding);
    const inputs = [
      ctx.inputs[0],
      ctx.constant(`${ctx.name}.weight`, ctx.weight(ctx.name, 'kernel', CONV_T_KERNEL_PERM)),
    ];
    if (p.bias) inputs.push(ctx.constant(`${ctx.name}.bias`, ctx.weight(ctx.name, 'bias')));
    const y = ctx.op(
      'ConvTranspose',
      inputs,
      {
        kernel_shape: { ints: k },
        strides: { ints: s },
        pads: onnxPads(pads[0], pads[1]),
        output_padding: { ints: outputPadding },
      },
      ctx.name,
    );
    return onnxActivation(ctx, p.activation, y, `${ctx.name}_act`);
  },
  torch(ctx) {
    const p = ctx.params;
    const k = p.kernel,
      s = p.stride,
      f = p.filters;
    const {
      pads: [ph, pw],
      outputPadding,
    } = transposedPads(k, s, p.padding);
    const sym = isSymmetric(ph, pw);
    const m = ctx.module(
      '',
      `nn.ConvTranspose2d(${ctx.inShapes[0][2]}, ${f}, kernel_size=${pyPair(k)}${kwargs({
        stride: unlessOnes(s),
        padding: sym && ph.before + pw.before > 0 ? pyPair([ph.before, pw.before]) : null,
        output_padding: outputPadding[0] + outputPadding[1] > 0 ? pyPair(outputPadding) : null,
        bias: p.bias ? null : 'False',
      })})`,
      {
        weight: ctx.weight(ctx.name, 'kernel', CONV_T_KERNEL_PERM),
        ...(p.bias ? { bias: ctx.weight(ctx.name, 'bias') } : {}),
      },
    );
    // TF's 'same' crops an odd extra row/column at the bottom/right; PyTorch's padding is symmetric.
    const [oh, ow] = ctx.outShape;
    const y = sym
      ? `${m}(${ctx.inputs[0]})`
      : `${m}(${ctx.inputs[0]})[:, :, ${ph.before}:${ph.before + oh}, ${pw.before}:${pw.before + ow}]`;
    return torchActivation(p.activation, y);
  },
  fromKeras: {
    classes: {
      Conv2DTranspose: ({ name, config: c }) => {
        const activation = fusedKeras(c.activation);
        if (!channelsLast(c)) return { unsupported: kerasWhy('channels-first') };
        if (!activation) return { unsupported: kerasWhy('activation', { activation: kerasActivation(c.activation) }) };
        const d = kerasPair(c.dilation_rate ?? 1, `${name}.dilation_rate`);
        if (d[0] !== 1 || d[1] !== 1) return { unsupported: why('dilation') };
        if (c.output_padding !== undefined && c.output_padding !== null) return { unsupported: why('output-padding') };
        return {
          params: {
            filters: Number(c.filters),
            kernel: kerasPair(c.kernel_size, `${name}.kernel_size`),
            stride: kerasPair(c.strides ?? 1, `${name}.strides`),
            padding: c.padding,
            bias: c.use_bias !== false,
            activation,
          },
        };
      },
    },
  },
  fromOnnx: {
    ops: {
      ConvTranspose: (n, g) => {
        const x = featureMap(n, g);
        if ('key' in x) return { unsupported: x };
        const w = g.constant(n.inputs[1]);
        if (!w || w.dims.length !== 4) return { unsupported: why('weights-not-4d') };
        const win = windowOf(n, [w.dims[2], w.dims[3]]);
        if (!win) return { unsupported: why('conv-t-not-2d') };
        if (n.num('group', 1) !== 1) return { unsupported: why('conv-t-group', { groups: n.num('group', 1) }) };
        if (win.dilation.some((d) => d !== 1)) return { unsupported: why('conv-t-dilation') };
        if (n.nums('output_shape', []).length) return { unsupported: why('output-shape') };
        const pads = n.nums('pads', [0, 0, 0, 0]),
          outPad = n.nums('output_padding', [0, 0]);
        const same = (mode: 'valid' | 'same') => {
          const t = transposedPads(win.kernel, win.stride, mode);
          return (
            JSON.stringify([t.pads[0].before, t.pads[1].before, t.pads[0].after, t.pads[1].after]) ===
              JSON.stringify(pads) && JSON.stringify(t.outputPadding) === JSON.stringify(outPad)
          );
        };
        const padding = same('valid') ? 'valid' : same('same') ? 'same' : null;
        if (n.str('auto_pad', 'NOTSET') !== 'NOTSET' || !padding)
          return {
            unsupported: why('conv-t-pads', { pads: JSON.stringify(pads), outputPadding: JSON.stringify(outPad) }),
          };
        const bias = n.inputs[2] ? g.weight(n.inputs[2]) : undefined;
        const kernel = g.weight(n.inputs[1], ONNX_CONV_T_PERM);
        return {
          params: {
            filters: w.dims[1],
            kernel: win.kernel,
            stride: win.stride,
            padding,
            bias: !!bias,
            activation: 'linear',
          },
          weights: bias ? { kernel, bias } : { kernel },
        };
      },
    },
  },
  alternatives: {
    onnx: {
      Upsample: 'Conv2DTranspose with stride = the scale (a learned upsampling)',
      Resize: 'Conv2DTranspose with stride = the scale (a learned upsampling)',
      DepthToSpace: 'Conv2DTranspose with stride = the block size',
    },
    keras: {
      UpSampling2D: 'Conv2DTranspose with stride = the size (a learned upsampling)',
    },
  },
});

/**
 * Cropping and extra output of a transposed convolution in the ONNX/PyTorch form. 'same' is the
 * gradient of a TF 'same' convolution from n*s to n: it crops max(k - s, 0), the odd one at the end;
 * a kernel smaller than the stride leaves s - k positions at the end that only the bias reaches.
 */
function transposedPads(k: Pair, s: Pair, mode: 'valid' | 'same') {
  const axis = (i: 0 | 1) => {
    const total = mode === 'same' ? Math.max(k[i] - s[i], 0) : 0;
    const before = Math.floor(total / 2);
    return { before, after: total - before };
  };
  return {
    pads: [axis(0), axis(1)] as const,
    outputPadding: [Math.max(s[0] - k[0], 0), Math.max(s[1] - k[1], 0)] as const,
  };
}
