// Pooling: sub-sampling by max or average over a window. Pooling has no parameters.
import { fixSay, say } from '../../i18n/msg';
import { axisPadding, globalRF, outputLength, windowRF, type AxisPad } from '../convmath';
import {
  defineLayer,
  noCounts,
  type KerasLayer,
  type KerasModel,
  type KerasRead,
  type OnnxGraph,
  type OnnxNode,
  type OnnxRead,
} from '../layer';
import { featureMap, foldedPad, onnxWhy, readPadding, windowOf } from './onnxread';
import { reasons } from './reasons';
import { choice, pair, type ParamValues } from '../params';
import { expectSpatial, IN_PORT } from './common';
import { channelsLast, kerasPair, kerasWhy, zeroPadding } from './keras';

/** Why a pooling layer cannot be read (reason.<key>; English here, translations in zh-CN.tables.ts). */
const why = reasons({
  'pool-not-2d': 'not a 2-D pooling window',
  'pool-dilations': 'dilations {{dilations}} (only 1)',
  'pool-indices': 'the Indices output (only the pooled values)',
  'ceil-mode': 'ceil_mode 1 (only 0: the output size rounded down)',
  'count-include-pad':
    "count_include_pad 0 with padding other than TensorFlow's 'same' (the editor averages explicit padding with the zeros counted): export from PyTorch with nn.AvgPool2d(..., count_include_pad=True) (its default), or write the ONNX AveragePool with count_include_pad=1",
  'pool-pads':
    'pads [top {{t}}, left {{l}}, bottom {{b}}, right {{r}}]: some side is more than the {{window}} window minus 1, so some windows would see only padding',
  keepdims: 'keepdims',
});
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
    ['valid', 'same', 'explicit', 'asymmetric'],
    'valid',
    'valid: windows stay inside the input; same: output = ceil(input/stride) (TensorFlow rule, extra row at the bottom/right); explicit: the numbers below on each side, as PyTorch pads; explicit per side: one pair before (top, left) and one after (bottom, right), as ONNX pads. Max pooling never picks the padding; average pooling counts it as zeros.',
    { optionLabels: { explicit: 'explicit', asymmetric: 'explicit per side' } },
  ),
  pad: pair(
    'Pad (h, w)',
    0,
    32,
    [1, 1],
    "Rows and columns added on each side (explicit: at most half the window, as in PyTorch's MaxPool2d(3, 2, padding=1)), or at the top and left only (explicit per side).",
    (p) => p.padding === 'explicit' || p.padding === 'asymmetric',
  ),
  padEnd: pair(
    'Pad after (h, w)',
    0,
    32,
    [1, 1],
    'Rows added at the bottom and columns at the right (explicit per side); each side at most the window minus 1, so every window holds a real value.',
    (p) => p.padding === 'asymmetric',
  ),
};
type PoolValues = ParamValues<typeof POOL_PARAMS>;

function poolPadding(p: PoolValues, h: number, w: number) {
  const k = p.size,
    s = p.stride,
    e = p.pad;
  if (p.padding === 'asymmetric')
    return [
      { before: e[0], after: p.padEnd[0] },
      { before: e[1], after: p.padEnd[1] },
    ] as const;
  const mode = p.padding;
  return [axisPadding(mode, h, k[0], s[0], 1, e[0]), axisPadding(mode, w, k[1], s[1], 1, e[1])] as const;
}

/** Explicit padding, symmetric or not: padding added before the pooling layer in tfjs. */
const padded = (p: PoolValues) => p.padding === 'explicit' || p.padding === 'asymmetric';

const padText = (p: PoolValues) =>
  p.padding === 'explicit'
    ? `pad ${p.pad.join('x')}`
    : p.padding === 'asymmetric'
      ? `pad ${p.pad.join('x')} / ${p.padEnd.join('x')}`
      : p.padding;

/**
 * Explicit padding for max pooling in stock tfjs layers: each edge row/column repeated as many times as
 * that side is padded (Cropping2D + Concatenate). With each side at most the window minus 1 (checked by
 * infer), every window that reaches into the padding also holds the edge value it repeats, so the maximum
 * is exactly that of padding with -infinity (PyTorch, ONNX), and the model stays a plain tfjs Layers model.
 */
function edgePad(
  tf: Parameters<(typeof Pool)['tfjs']>[0]['tf'],
  x: Parameters<(typeof Pool)['tfjs']>[0]['inputs'][0],
  [h, w]: readonly number[],
  [ph, pw]: readonly [AxisPad, AxisPad],
  name: string,
) {
  let y = x;
  const axes = [
    {
      p: ph,
      n: h,
      axis: 1,
      crop: (a: number, b: number): [[number, number], [number, number]] => [
        [a, b],
        [0, 0],
      ],
      tag: 'h',
    },
    {
      p: pw,
      n: w,
      axis: 2,
      crop: (a: number, b: number): [[number, number], [number, number]] => [
        [0, 0],
        [a, b],
      ],
      tag: 'w',
    },
  ];
  for (const { p, n, axis, crop, tag } of axes) {
    if (p.before + p.after === 0) continue;
    const edge = (i: 0 | 1, c: ReturnType<typeof crop>) =>
      tf.layers.cropping2D({ name: `${name}__pad${tag}${i}`, cropping: c }).apply(y) as typeof x;
    const first = p.before ? edge(0, crop(0, n - 1)) : y;
    const last = p.after ? edge(1, crop(n - 1, 0)) : y;
    const parts = [...Array<typeof x>(p.before).fill(first), y, ...Array<typeof x>(p.after).fill(last)];
    y = tf.layers.concatenate({ name: `${name}__pad${tag}`, axis }).apply(parts) as typeof x;
  }
  return y;
}

export const Pool = defineLayer({
  reasons: { ...kerasWhy.table, ...onnxWhy.table, ...why.table },
  type: 'Pool',
  // Explicit padding is a zero-padding layer before average pooling: the zeros are averaged too (see tfjs below).
  explain: (p) => (p.mode === 'max' ? 'max' : padded(p) ? 'avg-counting-padding' : 'avg'),
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
    { label: '3x3 / 2 pad 1 (ResNet)', params: { size: [3, 3], stride: [2, 2], padding: 'explicit', pad: [1, 1] } },
  ],
  ports: () => IN_PORT,
  window: (p) => ({
    kernel: p.size,
    stride: p.stride,
    dilation: [1, 1],
    padding: padded(p) ? 'explicit' : p.padding,
    pad: padded(p) ? p.pad : [0, 0],
    ...(p.padding === 'asymmetric' ? { padEnd: p.padEnd } : {}),
  }),
  summary: (p) => `${p.mode} ${p.size.join('x')} s${p.stride.join('x')} ${padText(p)}`,
  // Explicit padding adds layers before the pooling: edge crops and concatenations (max) or a ZeroPadding2D (avg).
  tfjsDepth: (p) => {
    if (!padded(p)) return 1;
    const [ph, pw] = poolPadding(p, 0, 0);
    const axes = (ph.before + ph.after > 0 ? 1 : 0) + (pw.before + pw.after > 0 ? 1 : 0);
    return axes === 0 ? 1 : p.mode === 'avg' ? 2 : 1 + 2 * axes;
  },
  infer({ nodeId, params: p, inputs }) {
    const bad = expectSpatial(nodeId, 'Pool', inputs[0]);
    if (bad) return { shape: null, problems: [bad] };
    const [h, w, c] = inputs[0];
    const k = p.size,
      s = p.stride;
    if (p.padding === 'explicit' && (2 * p.pad[0] > k[0] || 2 * p.pad[1] > k[1])) {
      const fit: [number, number] = [Math.min(p.pad[0], k[0] >> 1), Math.min(p.pad[1], k[1] >> 1)];
      return {
        shape: null,
        problems: [
          {
            severity: 'error',
            code: 'pool-pad-too-large',
            nodeId,
            param: 'pad',
            ...say('problem.pool-pad-too-large', {
              pad: p.pad.join('x'),
              window: `${k[0]}x${k[1]}`,
              most: `${k[0] >> 1}x${k[1] >> 1}`,
            }),
            fix: {
              kind: 'setParam',
              ...fixSay('fix.setPad', { pad: fit.join('x') }),
              nodeId,
              param: 'pad',
              value: fit,
            },
          },
        ],
      };
    }
    if (p.padding === 'asymmetric') {
      const sides = [p.pad[0], p.padEnd[0], p.pad[1], p.padEnd[1]];
      const lim = [k[0] - 1, k[0] - 1, k[1] - 1, k[1] - 1];
      if (sides.some((v, i) => v > lim[i])) {
        const param = p.pad[0] > lim[0] || p.pad[1] > lim[2] ? 'pad' : 'padEnd';
        const v = param === 'pad' ? p.pad : p.padEnd;
        const fit: [number, number] = [Math.min(v[0], k[0] - 1), Math.min(v[1], k[1] - 1)];
        return {
          shape: null,
          problems: [
            {
              severity: 'error',
              code: 'pool-pad-too-large',
              nodeId,
              param,
              ...say('problem.pool-pad-sides-too-large', {
                pad: p.pad.join('x'),
                padEnd: p.padEnd.join('x'),
                window: `${k[0]}x${k[1]}`,
                most: `${k[0] - 1}x${k[1] - 1}`,
              }),
              fix: {
                kind: 'setParam',
                ...fixSay(param === 'pad' ? 'fix.setPad' : 'fix.setPadEnd', { pad: fit.join('x') }),
                nodeId,
                param,
                value: fit,
              },
            },
          ],
        };
      }
    }
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
            ...say('problem.pool-too-large', {
              window: `${k[0]}x${k[1]}`,
              input: `${h}x${w}`,
              output: `${oh}x${ow}`,
              padding: padText(p),
            }),
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
  tfjs({ tf, params: p, inputs, inShapes, name }) {
    let x = inputs[0];
    const explicit = padded(p);
    const [ph, pw] = poolPadding(p, inShapes[0][0], inShapes[0][1]);
    if (explicit && ph.before + ph.after + pw.before + pw.after > 0) {
      // Average pooling counts the padding as zeros (PyTorch's count_include_pad=True, its default).
      x =
        p.mode === 'max'
          ? edgePad(tf, x, inShapes[0], [ph, pw], name)
          : (tf.layers
              .zeroPadding2d({
                name: `${name}__pad`,
                padding: [
                  [ph.before, ph.after],
                  [pw.before, pw.after],
                ],
              })
              .apply(x) as typeof x);
    }
    const args = {
      name,
      poolSize: [...p.size] as [number, number],
      strides: [...p.stride] as [number, number],
      padding: p.padding === 'same' ? ('same' as const) : ('valid' as const),
    };
    return (p.mode === 'max' ? tf.layers.maxPooling2d(args) : tf.layers.averagePooling2d(args)).apply(x) as typeof x;
  },
  onnx(ctx) {
    const p = ctx.params;
    const [ph, pw] = poolPadding(p, ctx.inShapes[0][0], ctx.inShapes[0][1]);
    const attrs = { kernel_shape: { ints: p.size }, strides: { ints: p.stride }, pads: onnxPads(ph, pw) };
    // TF's 'same' average pooling divides by the number of real (unpadded) values in each window;
    // explicit padding counts the zeros, as PyTorch does by default.
    const countPad = padded(p) ? 1 : 0;
    return p.mode === 'max'
      ? ctx.op('MaxPool', ctx.inputs, attrs, ctx.name)
      : ctx.op('AveragePool', ctx.inputs, { ...attrs, count_include_pad: { i: countPad } }, ctx.name);
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
    if (p.padding === 'explicit') return `F.avg_pool2d(${x}, ${k}, ${s}${pad})`;
    // Explicit per side: the zeros are counted, as above.
    if (p.padding === 'asymmetric') return `F.avg_pool2d(${torchPad(x, ph, pw)}, ${k}, ${s})`;
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
  fromOnnx: { ops: { MaxPool: poolFromOnnx, AveragePool: poolFromOnnx } },
  alternatives: {
    onnx: {
      LpPool: 'Pool (max or average)',
      MaxRoiPool: 'Pool (max)',
      MaxUnpool: 'Conv2DTranspose with stride = the pooling stride',
    },
  },
});

/**
 * ONNX MaxPool/AveragePool. torch.onnx writes AdaptiveAvgPool2d as an AveragePool whose window is the
 * input over the output size when that divides (exactly the adaptive pooling), so it arrives here too.
 */
function poolFromOnnx(n: OnnxNode, g: OnnxGraph): OnnxRead<PoolValues> {
  const x = featureMap(n, g);
  if ('key' in x) return { unsupported: x };
  const win = windowOf(n);
  if (!win) return { unsupported: why('pool-not-2d') };
  if (win.dilation.some((d) => d !== 1))
    return { unsupported: why('pool-dilations', { dilations: win.dilation.join('x') }) };
  if (n.outputs.length > 1 && n.outputs[1]) return { unsupported: why('pool-indices') };
  const max = n.opType === 'MaxPool';
  // A zero Pad before an average pool (torch's AvgPool2d(padding=p), count_include_pad=True) is folded in.
  const extra = max ? [0, 0, 0, 0] : foldedPad(n, g);
  const own = n.nums('pads', [0, 0, 0, 0]).some((v) => v !== 0);
  const read = readPadding(n, x, win, extra, true);
  if ('unsupported' in read) return read;
  const k = win.kernel;
  const countPad = n.num('count_include_pad', 0) === 1;
  // The padding per axis (before, after) as ONNX gives it.
  const [ph, pw] = [0, 1].map((i) =>
    read.padding === 'asymmetric'
      ? { before: read.pad[i], after: read.padEnd[i] }
      : axisPadding(read.padding, x[i], k[i], win.stride[i], 1, read.pad[i]),
  );
  if (n.num('ceil_mode', 0) === 1) {
    // Rounding the output size up changes nothing when the windows fit exactly.
    const exact = [ph, pw].every((a, i) => (x[i] + a.before + a.after - k[i]) % win.stride[i] === 0);
    if (!exact) return { unsupported: why('ceil-mode') };
  }
  const fromPad = extra.some((v) => v !== 0);
  const tfSame = [ph, pw].every((a, i) => {
    const t = axisPadding('same', x[i], k[i], win.stride[i], 1, 0);
    return a.before === t.before && a.after === t.after;
  });
  if (!max && tfSame && !countPad && !fromPad)
    // TensorFlow's 'same' average pooling divides by the real values only, as count_include_pad 0 does.
    return { inputs: [n.inputs[0]], params: { mode: 'avg', size: k, stride: win.stride, padding: 'same' } };
  if (!max && (own || read.padding === 'same') && !countPad && read.padding !== 'valid')
    return {
      unsupported: why('count-include-pad'),
    };
  const symmetric = ph.before === ph.after && pw.before === pw.after;
  const none = ph.before + ph.after + pw.before + pw.after === 0;
  if ([ph, pw].some((a, i) => a.before > k[i] - 1 || a.after > k[i] - 1))
    return {
      unsupported: why('pool-pads', { t: ph.before, l: pw.before, b: ph.after, r: pw.after, window: k.join('x') }),
    };
  const input = g.producer(n.inputs[0])?.opType === 'Pad' && !max ? g.producer(n.inputs[0])!.inputs[0] : n.inputs[0];
  const base = { mode: max ? ('max' as const) : ('avg' as const), size: k, stride: win.stride };
  if (none) return { inputs: [input], params: { ...base, padding: 'valid' } };
  if (read.padding === 'same' && max) return { inputs: [input], params: { ...base, padding: 'same' } };
  // PyTorch's symmetric padding of at most half the window is 'explicit'; anything else is set per side.
  if (symmetric && 2 * ph.before <= k[0] && 2 * pw.before <= k[1])
    return { inputs: [input], params: { ...base, padding: 'explicit', pad: [ph.before, pw.before] } };
  return {
    inputs: [input],
    params: { ...base, padding: 'asymmetric', pad: [ph.before, pw.before], padEnd: [ph.after, pw.after] },
  };
}

function poolFromKeras(
  { className, name, config: c, inbound }: KerasLayer,
  m: KerasModel,
): KerasRead<ParamValues<typeof POOL_PARAMS>> {
  if (!channelsLast(c)) return { unsupported: kerasWhy('channels-first') };
  const size = kerasPair(c.pool_size ?? 2, `${name}.pool_size`);
  const params = {
    mode: className.startsWith('Max') ? ('max' as const) : ('avg' as const),
    size,
    stride: kerasPair(c.strides ?? size, `${name}.strides`),
    padding: c.padding ?? 'valid',
  };
  // Our export of explicit padding: `<name>__pad` (ZeroPadding2D, average) or the edge copies
  // `<name>__padh`/`__padw` (Concatenate of Cropping2D `...0`/`...1` around the input, max).
  const before: [number, number] = [0, 0],
    after: [number, number] = [0, 0];
  const absorbs: string[] = [];
  let prev = m.layer(inbound[0] ?? '');
  const explicit = (): KerasRead<ParamValues<typeof POOL_PARAMS>> =>
    before[0] === after[0] && before[1] === after[1] && 2 * before[0] <= size[0] && 2 * before[1] <= size[1]
      ? { params: { ...params, padding: 'explicit', pad: before }, absorbs }
      : { params: { ...params, padding: 'asymmetric', pad: before, padEnd: after }, absorbs };
  if (params.mode === 'avg' && prev?.name === `${name}__pad` && prev.className === 'ZeroPadding2D') {
    const [[t, b], [l, r]] = zeroPadding(prev.config);
    [before[0], after[0], before[1], after[1]] = [t, b, l, r];
    absorbs.push(prev.name);
    return explicit();
  }
  while (
    params.mode === 'max' &&
    prev?.className === 'Concatenate' &&
    (prev.name === `${name}__padh` || prev.name === `${name}__padw`)
  ) {
    // [first edge x before, the input, last edge x after]: the crops are `<concat>0` and `<concat>1`.
    const ins = prev.inbound;
    const axis = prev.name.endsWith('h') ? 0 : 1;
    before[axis] = ins.filter((i) => i === `${prev!.name}0`).length;
    after[axis] = ins.filter((i) => i === `${prev!.name}1`).length;
    absorbs.push(prev.name, ...[`${prev.name}0`, `${prev.name}1`].filter((c) => ins.includes(c)));
    prev = m.layer(ins[before[axis]]);
  }
  return absorbs.length ? explicit() : { params };
}

function globalPoolFromKeras({ className, config: c }: KerasLayer): KerasRead<{ mode: 'avg' | 'max' }> {
  if (c.keepdims) return { unsupported: why('keepdims') };
  return { params: { mode: className.startsWith('GlobalMax') ? 'max' : 'avg' } };
}

export const GlobalPool = defineLayer({
  type: 'GlobalPool',
  collapsesSpace: true,
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
  // ONNX keeps [N, C, 1, 1]; the editor's output is the vector [C], so the Flatten after it reads as nothing.
  fromOnnx: {
    ops: {
      GlobalAveragePool: (n, g) => {
        const x = featureMap(n, g);
        return 'key' in x ? { unsupported: x } : { params: { mode: 'avg' } };
      },
      GlobalMaxPool: (n, g) => {
        const x = featureMap(n, g);
        return 'key' in x ? { unsupported: x } : { params: { mode: 'max' } };
      },
    },
  },
  alternatives: {
    onnx: {
      ReduceMean: 'GlobalPool (average) when it reduces H and W',
      ReduceMax: 'GlobalPool (max) when it reduces H and W',
    },
  },
});
