// Pooling: sub-sampling by max or average over a window. Pooling has no parameters.
import { say } from '../../i18n/msg';
import { axisPadding, globalRF, outputLength, windowRF } from '../convmath';
import { defineLayer, noCounts, type KerasLayer, type KerasRead } from '../layer';
import { choice, pair, type ParamValues } from '../params';
import { expectSpatial, IN_PORT } from './common';
import { channelsLast, kerasPair } from './keras';
import { shrinkFix, windowExceedsInput } from './window';
import { hasPadding, isSymmetric, onnxPads, pyPair, torchPad } from './exportmaps';

const POOL_PARAMS = {
  mode: choice('Mode', ['max', 'avg'], 'max', 'max keeps the strongest response; avg smooths.', {
    optionLabels: { max: 'max', avg: 'average' },
  }),
  size: pair('Window', 1, 64, [2, 2], 'Pooling window height x width.'),
  stride: pair('Stride', 1, 64, [2, 2], 'Step between windows; smaller than the window means overlapping pooling.'),
  padding: choice(
    'Padding',
    ['valid', 'same'],
    'valid',
    'valid: windows stay inside the input; same: output = ceil(input/stride).',
  ),
};

function poolPadding(p: ParamValues<typeof POOL_PARAMS>, h: number, w: number) {
  const k = p.size,
    s = p.stride,
    mode = p.padding;
  return [axisPadding(mode, h, k[0], s[0], 1, 0), axisPadding(mode, w, k[1], s[1], 1, 0)] as const;
}

export const Pool = defineLayer({
  type: 'Pool',
  idPrefix: 'pool',
  title: 'Pool',
  category: 'Pooling',
  doc: 'Sub-samples each channel: the maximum (max) or the mean (average) of every window. A 2x2 window with stride 2 halves height and width and keeps the channels. A stride smaller than the window gives overlapping pooling, as in AlexNet (3x3, stride 2). No learned parameters.',
  formulas: [
    'out = floor((n + p - k) / s) + 1  (same: ceil(n/s))',
    'rf_out = rf_in + (k-1) * jump_in;  jump_out = jump_in * s',
    'params = 0',
  ],
  params: POOL_PARAMS,
  presets: [
    { label: '2x2 / 2', params: { size: [2, 2], stride: [2, 2], padding: 'valid' } },
    { label: '3x3 / 2 overlapping', params: { size: [3, 3], stride: [2, 2], padding: 'valid' } },
  ],
  ports: () => IN_PORT,
  window: (p) => ({ kernel: p.size, stride: p.stride, dilation: [1, 1], padding: p.padding, pad: [0, 0] }),
  summary: (p) => `${p.mode} ${p.size.join('x')} s${p.stride.join('x')} ${p.padding}`,
  infer({ nodeId, params: p, inputs }) {
    const bad = expectSpatial(nodeId, 'Pool', inputs[0]);
    if (bad) return { shape: null, problems: [bad] };
    const [h, w, c] = inputs[0];
    const k = p.size,
      s = p.stride;
    const [ph, pw] = poolPadding(p, h, w);
    const oh = outputLength(h, k[0], s[0], 1, ph),
      ow = outputLength(w, k[1], s[1], 1, pw);
    if (oh <= 0 || ow <= 0) {
      return {
        shape: null,
        problems: [
          {
            severity: 'error',
            code: 'kernel-too-large',
            nodeId,
            param: 'size',
            ...say('problem.pool-too-large', { window: `${k[0]}x${k[1]}`, input: `${h}x${w}`, output: `${oh}x${ow}` }),
            fix: shrinkFix(nodeId, 'size', 'window', k, [1, 1], [h, w], [h, w]),
          },
        ],
      };
    }
    const big = p.padding === 'same' ? windowExceedsInput(nodeId, 'size', 'Pooling window', k, [1, 1], [h, w]) : null;
    return big ? { shape: [oh, ow, c], problems: [big] } : { shape: [oh, ow, c] };
  },
  rf({ params: p, inputs, inShapes }) {
    const [ph, pw] = poolPadding(p, inShapes[0][0], inShapes[0][1]);
    return windowRF(inputs[0], p.size, p.stride, [1, 1], [ph.before, pw.before]);
  },
  counts: () => noCounts,
  tfjs({ tf, params: p, inputs, name }) {
    const args = {
      name,
      poolSize: [...p.size] as [number, number],
      strides: [...p.stride] as [number, number],
      padding: p.padding,
    };
    return (p.mode === 'max' ? tf.layers.maxPooling2d(args) : tf.layers.averagePooling2d(args)).apply(
      inputs[0],
    ) as (typeof inputs)[0];
  },
  onnx(ctx) {
    const p = ctx.params;
    const [ph, pw] = poolPadding(p, ctx.inShapes[0][0], ctx.inShapes[0][1]);
    const attrs = { kernel_shape: { ints: p.size }, strides: { ints: p.stride }, pads: onnxPads(ph, pw) };
    // TF's average pooling divides by the number of real (unpadded) values in each window.
    return p.mode === 'max'
      ? ctx.op('MaxPool', ctx.inputs, attrs, ctx.name)
      : ctx.op('AveragePool', ctx.inputs, { ...attrs, count_include_pad: { i: 0 } }, ctx.name);
  },
  torch(ctx) {
    const p = ctx.params,
      x = ctx.inputs[0];
    const [ph, pw] = poolPadding(p, ctx.inShapes[0][0], ctx.inShapes[0][1]);
    const k = pyPair(p.size),
      s = pyPair(p.stride);
    const size = p.size;
    // PyTorch pads symmetrically and at most half the window; anything else is padded by hand.
    const native = isSymmetric(ph, pw) && ph.before <= size[0] / 2 && pw.before <= size[1] / 2;
    const pad = native && hasPadding(ph, pw) ? `, padding=${pyPair([ph.before, pw.before])}` : '';
    if (p.mode === 'max') {
      return native
        ? `F.max_pool2d(${x}, ${k}, ${s}${pad})`
        : `F.max_pool2d(${torchPad(x, ph, pw, "float('-inf')")}, ${k}, ${s})`;
    }
    if (!hasPadding(ph, pw)) return `F.avg_pool2d(${x}, ${k}, ${s})`;
    if (native) return `F.avg_pool2d(${x}, ${k}, ${s}${pad}, count_include_pad=False)`;
    // Mean over the real values only: window sums of x over window sums of ones.
    return `F.avg_pool2d(${torchPad(x, ph, pw)}, ${k}, ${s}) / F.avg_pool2d(${torchPad(`torch.ones_like(${x}[:, :1])`, ph, pw)}, ${k}, ${s})`;
  },
  fromKeras: {
    classes: {
      MaxPooling2D: poolFromKeras,
      AveragePooling2D: poolFromKeras,
      MaxPool2D: poolFromKeras,
      AvgPool2D: poolFromKeras,
    },
  },
});

function poolFromKeras({ className, name, config: c }: KerasLayer): KerasRead<ParamValues<typeof POOL_PARAMS>> {
  if (!channelsLast(c)) return { unsupported: 'channels_first data format' };
  const size = kerasPair(c.pool_size ?? 2, `${name}.pool_size`);
  return {
    params: {
      mode: className.startsWith('Max') ? 'max' : 'avg',
      size,
      stride: kerasPair(c.strides ?? size, `${name}.strides`),
      padding: c.padding ?? 'valid',
    },
  };
}

function globalPoolFromKeras({ className, config: c }: KerasLayer): KerasRead<{ mode: 'avg' | 'max' }> {
  if (c.keepdims) return { unsupported: 'keepdims' };
  return { params: { mode: className.startsWith('GlobalMax') ? 'max' : 'avg' } };
}

export const GlobalPool = defineLayer({
  type: 'GlobalPool',
  idPrefix: 'gap',
  title: 'GlobalAveragePool',
  category: 'Pooling',
  doc: 'Reduces each channel to one number: the mean (or max) over all positions, turning H x W x C into a vector of C. Replaces Flatten + big Dense layers in modern nets (ResNet) and makes the net independent of the input size.',
  formulas: ['out = C', 'receptive field = the whole input', 'params = 0'],
  params: {
    mode: choice('Mode', ['avg', 'max'], 'avg', 'avg: global average pooling; max: global max pooling.', {
      optionLabels: { avg: 'average', max: 'max' },
    }),
  },
  ports: () => IN_PORT,
  summary: (p) => ({ key: 'summary.global', params: { mode: p.mode } }),
  infer({ nodeId, inputs }) {
    const bad = expectSpatial(nodeId, 'GlobalAveragePool', inputs[0]);
    if (bad) return { shape: null, problems: [bad] };
    return { shape: [inputs[0][2]] };
  },
  rf: ({ inputs, inputHW }) => globalRF(inputs[0], inputHW),
  counts: () => noCounts,
  tfjs: ({ tf, params: p, inputs, name }) =>
    (p.mode === 'max' ? tf.layers.globalMaxPooling2d({ name }) : tf.layers.globalAveragePooling2d({ name })).apply(
      inputs[0],
    ) as (typeof inputs)[0],
  onnx: (ctx) =>
    ctx.op(
      'Flatten',
      [ctx.op(ctx.params.mode === 'max' ? 'GlobalMaxPool' : 'GlobalAveragePool', ctx.inputs, {}, `${ctx.name}_pool`)],
      { axis: { i: 1 } },
      ctx.name,
    ),
  torch: (ctx) => `${ctx.inputs[0]}.${ctx.params.mode === 'max' ? 'amax' : 'mean'}(dim=(2, 3))`,
  fromKeras: {
    classes: {
      GlobalAveragePooling2D: globalPoolFromKeras,
      GlobalMaxPooling2D: globalPoolFromKeras,
      GlobalAvgPool2D: globalPoolFromKeras,
      GlobalMaxPool2D: globalPoolFromKeras,
    },
  },
});
