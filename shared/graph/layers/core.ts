// Shape-preserving layers (Activation, BatchNorm, Dropout, Softmax) and the classifier head
// (Flatten, Dense).
import { fixSay, say } from '../../i18n/msg';
import { paramLabel } from '../params';
import { globalRF } from '../convmath';
import { defineLayer, noCounts, shapeText } from '../layer';
import { bool, choice, float, int } from '../params';
import { BN_EPSILON, elements, fusedActivation, glorot, IN_PORT } from './common';
import { fusedKeras, kerasActivation, kerasWhy } from './keras';
import { BATCH_DIM, onnxWhy } from './onnxread';
import { reasons } from './reasons';

/** Why an activation, batch norm, flatten, dense or softmax layer cannot be read (reason.<key>; zh-CN.tables.ts). */
const why = reasons({
  'relu-max-value': 'max_value/threshold (only max_value 6: ReLU6)',
  'elu-alpha': 'alpha {{alpha}} (only 1)',
  clip: 'Clip({{lo}}, {{hi}}) (only Clip(0, 6): ReLU6, or Clip(0, inf): ReLU)',
  'prelu-slope': 'its slope is not a constant',
  'prelu-slope-size': 'a slope of {{n}} values (only one per channel: {{channels}})',
  'keras-axis': 'axis {{axis}}',
  'bn-center-scale': 'center/scale turned off',
  'bn-training': 'training-mode outputs (only inference)',
  'flatten-axis': 'axis {{axis}} (only 1: keep the batch)',
  'reshape-target': 'its target shape is not a constant (nor foldable shape arithmetic)',
  'reshape-flat': 'target shape [{{target}}] (only [N, -1]: a Flatten)',
  'gemm-input': 'its input A is not a flat vector computed from the model input',
  'gemm-weights': 'its weights B are not a constant matrix',
  'gemm-attrs': 'transA, alpha or beta other than 0, 1, 1',
  'gemm-bias': 'a bias C of {{n}} values (not {{units}})',
  matmul: 'only a flat vector times a constant matrix (a Dense layer)',
});
import { DENSE_PERM, onnxActivation, pyFloat, torchActivation } from './exportmaps';

/** PReLU's alpha: tfjs [1, 1, C] on feature maps (shared over H and W) or [F] -> [C, 1, 1] (ONNX) / [C] (PyTorch). */
const preluPerm = (rank: number) => (rank === 3 ? [2, 0, 1] : [0]);
/** Keras's BatchNorm momentum weights the old statistics; PyTorch's weights the new batch. */
const torchMomentum = (m: number) => Number((1 - m).toPrecision(6));

const same = { rf: ({ inputs }: { inputs: readonly import('../types').ReceptiveField[] }) => inputs[0] };

export const ACTIVATION_KINDS = ['relu', 'relu6', 'leakyRelu', 'prelu', 'elu', 'sigmoid', 'tanh', 'softmax'] as const;
/** Keras Activation(...) names that become an Activation node of the same kind (linear passes through, softmax is a Softmax node). */
const KERAS_ACTIVATION_KINDS = ['relu', 'sigmoid', 'tanh', 'elu'] as const;
const isKerasKind = (a: string): a is (typeof KERAS_ACTIVATION_KINDS)[number] =>
  (KERAS_ACTIVATION_KINDS as readonly string[]).includes(a);

export const Activation = defineLayer({
  reasons: { ...kerasWhy.table, ...onnxWhy.table, ...why.table },
  type: 'Activation',
  idPrefix: 'act',
  title: 'Activation',
  category: 'Activation',
  doc: 'A non-linearity applied to every value. ReLU max(0,x) is the default: fast, but units can die on negative inputs (use a small learning rate). Leaky ReLU keeps a small slope for x<0; PReLU learns that slope per channel; ELU is alpha(e^x - 1) for x<0. Sigmoid and Tanh saturate: inside conv stacks they cause vanishing gradients.',
  formulas: ['shape unchanged; receptive field unchanged', 'params = 0 (PReLU: one alpha per channel)'],
  params: {
    kind: choice('Function', ACTIVATION_KINDS, 'relu', 'Which non-linearity.', {
      optionLabels: {
        relu: 'ReLU',
        relu6: 'ReLU6',
        leakyRelu: 'Leaky ReLU',
        prelu: 'PReLU',
        elu: 'ELU',
        sigmoid: 'Sigmoid',
        tanh: 'Tanh',
        softmax: 'Softmax',
      },
    }),
    negativeSlope: float('Slope (x<0)', 0, 1, 0.01, 'Leaky ReLU slope for negative inputs.', {
      visibleIf: (p) => p.kind === 'leakyRelu',
    }),
    alpha: float('Alpha', 0, 10, 1, 'ELU: alpha(e^x - 1) for x < 0.', { visibleIf: (p) => p.kind === 'elu' }),
  },
  ports: () => IN_PORT,
  summary: (p) => {
    const k = p.kind;
    return k === 'leakyRelu' ? `leakyRelu ${p.negativeSlope}` : k === 'elu' ? `elu ${p.alpha}` : k;
  },
  activationOf: (p) => p.kind,
  infer({ nodeId, params: p, inputs }) {
    if (p.kind === 'elu' && p.alpha !== 1) {
      return {
        shape: null,
        problems: [
          {
            severity: 'error',
            code: 'elu-alpha-unsupported',
            nodeId,
            param: 'alpha',
            ...say('problem.elu-alpha-unsupported', { alpha: p.alpha }),
            fix: {
              kind: 'setParam',
              ...fixSay('fix.setParam', { param: paramLabel('Activation', 'alpha'), value: 1 }),
              nodeId,
              param: 'alpha',
              value: 1,
            },
          },
        ],
      };
    }
    return { shape: inputs[0] };
  },
  ...same,
  counts: (p, [x]) => (p.kind === 'prelu' ? { trainable: x[x.length - 1], nonTrainable: 0, macs: 0 } : noCounts),
  tfjs({ tf, params: p, inputs, inShapes, name, seed: _seed }) {
    const x = inputs[0];
    switch (p.kind) {
      case 'relu':
        return tf.layers.reLU({ name }).apply(x) as typeof x;
      case 'relu6':
        return tf.layers.reLU({ name, maxValue: 6 }).apply(x) as typeof x;
      case 'leakyRelu':
        return tf.layers.leakyReLU({ name, alpha: p.negativeSlope }).apply(x) as typeof x;
      case 'prelu':
        return tf.layers
          .prelu({
            name,
            sharedAxes: inShapes[0].length === 3 ? [1, 2] : undefined,
            alphaInitializer: tf.initializers.constant({ value: 0.25 }),
          })
          .apply(x) as typeof x;
      case 'elu':
        return tf.layers.elu({ name, alpha: p.alpha }).apply(x) as typeof x;
      case 'softmax':
        return tf.layers.softmax({ name, axis: -1 }).apply(x) as typeof x;
      case 'sigmoid':
      case 'tanh':
        return tf.layers.activation({ name, activation: p.kind }).apply(x) as typeof x;
    }
  },
  onnx(ctx) {
    const p = ctx.params,
      x = ctx.inputs[0],
      rank = ctx.inShapes[0].length;
    switch (p.kind) {
      case 'leakyRelu':
        return ctx.op('LeakyRelu', [x], { alpha: { f: p.negativeSlope } }, ctx.name);
      case 'prelu': {
        const c = ctx.inShapes[0][rank - 1];
        return ctx.op(
          'PRelu',
          [
            x,
            ctx.constant(
              `${ctx.name}.slope`,
              ctx.weight(ctx.name, 'alpha', preluPerm(rank), rank === 3 ? [c, 1, 1] : [c]),
            ),
          ],
          {},
          ctx.name,
        );
      }
      default:
        return onnxActivation(ctx, p.kind, x, ctx.name);
    }
  },
  torch(ctx) {
    const p = ctx.params,
      x = ctx.inputs[0],
      rank = ctx.inShapes[0].length;
    switch (p.kind) {
      case 'leakyRelu':
        return `F.leaky_relu(${x}, ${pyFloat(p.negativeSlope)})`;
      case 'prelu': {
        const c = ctx.inShapes[0][rank - 1];
        return `${ctx.module('', `nn.PReLU(${c})`, { weight: ctx.weight(ctx.name, 'alpha', preluPerm(rank), [c]) })}(${x})`;
      }
      default:
        return torchActivation(p.kind, x);
    }
  },
  fromKeras: {
    classes: {
      Activation: ({ config: c }) => {
        const a = kerasActivation(c.activation);
        if (a === 'linear') return { alias: true };
        if (a === 'softmax') return { as: 'Softmax', params: {} };
        return isKerasKind(a) ? { params: { kind: a } } : { unsupported: kerasWhy('activation', { activation: a }) };
      },
      ReLU: ({ config: c }) => {
        if (c.max_value === 6 && (c.threshold ?? 0) === 0 && (c.negative_slope ?? 0) === 0)
          return { params: { kind: 'relu6' } };
        if ((c.max_value ?? null) !== null || (c.threshold ?? 0) !== 0) return { unsupported: why('relu-max-value') };
        return (c.negative_slope ?? 0) === 0
          ? { params: { kind: 'relu' } }
          : { params: { kind: 'leakyRelu', negativeSlope: c.negative_slope } };
      },
      LeakyReLU: ({ config: c }) => ({
        params: { kind: 'leakyRelu', negativeSlope: Number(c.alpha ?? c.negative_slope ?? 0.3) },
      }),
      ELU: ({ config: c }) =>
        (c.alpha ?? 1) === 1
          ? { params: { kind: 'elu', alpha: 1 } }
          : { unsupported: why('elu-alpha', { alpha: String(c.alpha) }) },
      PReLU: () => ({ params: { kind: 'prelu' } }),
    },
  },
  fromOnnx: {
    ops: {
      Relu: () => ({ params: { kind: 'relu' } }),
      Sigmoid: () => ({ params: { kind: 'sigmoid' } }),
      Tanh: () => ({ params: { kind: 'tanh' } }),
      LeakyRelu: (n) => ({ params: { kind: 'leakyRelu', negativeSlope: n.num('alpha', 0.01) } }),
      Elu: (n) => ({ params: { kind: 'elu', alpha: n.num('alpha', 1) } }),
      // Clip(0, 6) is ReLU6 (torch's nn.ReLU6, MobileNetV2); Clip(0, inf) a ReLU.
      Clip: (n, g) => {
        const bound = (i: number, attr: string, def: number) =>
          n.inputs[i] ? g.constant(n.inputs[i])?.data[0] : n.num(attr, def);
        const lo = bound(1, 'min', -Infinity),
          hi = bound(2, 'max', Infinity);
        if (lo === 0 && hi === 6) return { params: { kind: 'relu6' } };
        if (lo === 0 && hi === Infinity) return { params: { kind: 'relu' } };
        return { unsupported: why('clip', { lo: String(lo), hi: String(hi) }) };
      },
      PRelu: (n, g) => {
        const x = g.shape(n.inputs[0]),
          slope = g.constant(n.inputs[1]);
        if (!x || !slope) return { unsupported: why('prelu-slope') };
        const c = x[x.length - 1];
        if (slope.data.length !== c)
          return { unsupported: why('prelu-slope-size', { n: slope.data.length, channels: c }) };
        return {
          params: { kind: 'prelu' },
          weights: { alpha: g.weight(n.inputs[1], [0, 1, 2].slice(0, x.length), x.length === 3 ? [1, 1, c] : [c]) },
        };
      },
    },
  },
  alternatives: {
    onnx: {
      HardSigmoid: 'Activation (Sigmoid)',
      HardSwish: 'Activation (ReLU6 or ReLU)',
      Selu: 'Activation (ELU), or a Conv2D/Dense with its activation set to selu',
      Softplus: 'Activation (ReLU)',
      Mish: 'Activation (ReLU)',
      Gelu: 'Activation (ReLU)',
      ThresholdedRelu: 'Activation (ReLU)',
      Relu6: 'Activation (ReLU6)',
    },
    keras: {
      ThresholdedReLU: 'Activation (ReLU)',
    },
  },
});

export const BatchNorm = defineLayer({
  type: 'BatchNorm',
  normalises: true,
  idPrefix: 'bn',
  title: 'BatchNorm',
  category: 'Normalisation',
  doc: 'Normalises each channel to zero mean and unit variance over the batch, then scales by a learned gamma and shifts by a learned beta. Running mean and variance (not trained by gradients) are used at inference. Lets deep nets train faster and with higher learning rates.',
  formulas: [
    'y = gamma * (x - mean) / sqrt(var + eps) + beta',
    'params = 2C trainable (gamma, beta) + 2C running statistics',
  ],
  params: {
    momentum: float(
      'Momentum',
      0,
      1,
      0.9,
      'Weight of the old running statistics in each update (Keras convention; PyTorch momentum 0.1 = 0.9 here).',
      { exclusiveMin: true },
    ),
    epsilon: float('Epsilon', 0, 1, BN_EPSILON, 'Added to the variance for numerical stability.', {
      exclusiveMin: true,
    }),
  },
  ports: () => IN_PORT,
  summary: () => ({ key: 'summary.batchNorm' }),
  infer: ({ inputs }) => ({ shape: inputs[0] }),
  ...same,
  counts: (_p, [x]) => ({ trainable: 2 * x[x.length - 1], nonTrainable: 2 * x[x.length - 1], macs: 0 }),
  tfjs: ({ tf, params: p, inputs, name }) =>
    tf.layers
      .batchNormalization({ name, axis: -1, momentum: p.momentum, epsilon: p.epsilon })
      .apply(inputs[0]) as (typeof inputs)[0],
  onnx: (ctx) =>
    ctx.op(
      'BatchNormalization',
      [
        ctx.inputs[0],
        ...['gamma', 'beta', 'moving_mean', 'moving_variance'].map((w) =>
          ctx.constant(`${ctx.name}.${w}`, ctx.weight(ctx.name, w)),
        ),
      ],
      { epsilon: { f: ctx.params.epsilon } },
      ctx.name,
    ),
  torch(ctx) {
    const p = ctx.params,
      rank = ctx.inShapes[0].length,
      c = ctx.inShapes[0][rank - 1];
    const m = ctx.module(
      '',
      `nn.BatchNorm${rank === 3 ? '2d' : '1d'}(${c}, eps=${p.epsilon}, momentum=${torchMomentum(p.momentum)})`,
      {
        weight: ctx.weight(ctx.name, 'gamma'),
        bias: ctx.weight(ctx.name, 'beta'),
        running_mean: ctx.weight(ctx.name, 'moving_mean'),
        running_var: ctx.weight(ctx.name, 'moving_variance'),
      },
    );
    return `${m}(${ctx.inputs[0]})`;
  },
  fromKeras: {
    classes: {
      BatchNormalization: ({ config: c }) => {
        const axis = Array.isArray(c.axis) ? c.axis[0] : (c.axis ?? -1);
        if (axis !== -1 && axis !== 3 && axis !== 1)
          return { unsupported: why('keras-axis', { axis: JSON.stringify(c.axis) }) };
        if (c.center === false || c.scale === false) return { unsupported: why('bn-center-scale') };
        // Keras's own defaults where model.json leaves them out.
        return { params: { momentum: Number(c.momentum ?? 0.99), epsilon: Number(c.epsilon ?? 1e-3) } };
      },
    },
  },
  fromOnnx: {
    ops: {
      // ONNX's momentum weights the old statistics, as Keras's does.
      BatchNormalization: (n, g) => {
        if (!g.shape(n.inputs[0])) return { unsupported: onnxWhy('input-not-computed') };
        if (n.outputs.filter(Boolean).length > 1) return { unsupported: why('bn-training') };
        return {
          params: { momentum: n.num('momentum', 0.9), epsilon: n.num('epsilon', 1e-5) },
          weights: {
            gamma: g.weight(n.inputs[1]),
            beta: g.weight(n.inputs[2]),
            moving_mean: g.weight(n.inputs[3]),
            moving_variance: g.weight(n.inputs[4]),
          },
        };
      },
    },
  },
  alternatives: {
    onnx: {
      InstanceNormalization: 'BatchNorm',
      LayerNormalization: 'BatchNorm',
      LpNormalization: 'BatchNorm',
      LRN: 'BatchNorm (AlexNet-era local response normalisation is usually replaced by it)',
    },
    keras: { LayerNormalization: 'BatchNorm' },
  },
});

export const Dropout = defineLayer({
  type: 'Dropout',
  regularises: true,
  idPrefix: 'drop',
  title: 'Dropout',
  category: 'Core',
  doc: "During training, sets a random fraction of the values to zero (and scales the rest up), so the net cannot rely on any single unit: a regulariser, used in AlexNet's classifier. Does nothing at inference.",
  formulas: ['shape unchanged', 'params = 0'],
  params: { rate: float('Rate', 0, 0.99, 0.5, 'Fraction of values dropped during training.') },
  ports: () => IN_PORT,
  summary: (p) => ({ key: 'summary.dropout', params: { rate: p.rate } }),
  infer: ({ inputs }) => ({ shape: inputs[0] }),
  ...same,
  counts: () => noCounts,
  tfjs: ({ tf, params: p, inputs, name, seed }) =>
    tf.layers.dropout({ name, rate: p.rate, seed }).apply(inputs[0]) as (typeof inputs)[0],
  // Inference graph: dropout is the identity. PyTorch keeps it as a module so train.py trains with it.
  onnx: (ctx) => ctx.inputs[0],
  torch: (ctx) => `${ctx.module('', `nn.Dropout(p=${ctx.params.rate})`)}(${ctx.inputs[0]})`,
  fromKeras: { classes: { Dropout: ({ config: c }) => ({ params: { rate: Number(c.rate ?? 0.5) } }) } },
  // An inference graph's Dropout passes values on: nothing to keep (torch writes none in eval mode).
  fromOnnx: { ops: { Dropout: () => ({ alias: true }), Identity: () => ({ alias: true }) } },
});

export const Flatten = defineLayer({
  type: 'Flatten',
  collapsesSpace: true,
  idPrefix: 'flatten',
  title: 'Flatten',
  category: 'Core',
  doc: 'Unrolls an H x W x C feature map into one vector of H*W*C values, so Dense layers can follow. Every value after it depends on the whole input. The order matters to the Dense weights after it: channels last (TensorFlow, Keras: row by row, all channels of a pixel together) or channels first (PyTorch, ONNX: channel by channel), so imported classifiers keep their weights as they are.',
  formulas: ['out = H*W*C', 'params = 0'],
  params: {
    order: choice(
      'Order',
      ['channels-last', 'channels-first'],
      'channels-last',
      'channels-last: H, W, C (TensorFlow/Keras); channels-first: C, H, W (PyTorch torch.flatten, ONNX Flatten on NCHW).',
      { optionLabels: { 'channels-last': 'channels last (H, W, C)', 'channels-first': 'channels first (C, H, W)' } },
    ),
  },
  ports: () => IN_PORT,
  summary: (p) => (p.order === 'channels-first' ? { key: 'summary.flattenChannelsFirst' } : { key: 'summary.flatten' }),
  // channels-first transposes to C, H, W before flattening.
  tfjsDepth: (p) => (p.order === 'channels-first' ? 2 : 1),
  infer({ nodeId, inputs }) {
    if (inputs[0].length !== 1) return { shape: [elements(inputs[0])] };
    return {
      shape: inputs[0],
      problems: [
        {
          severity: 'warning',
          code: 'flatten-noop',
          nodeId,
          ...say('problem.flatten-noop', { node: nodeId, shape: shapeText(inputs[0]) }),
          fix: { kind: 'removeNode', ...fixSay('fix.removeNode', { node: nodeId }), nodeId },
        },
      ],
    };
  },
  rf: ({ inputs, inputHW }) => globalRF(inputs[0], inputHW),
  counts: () => noCounts,
  // On a vector Flatten is the identity (tfjs's Flatten refuses rank-2 tensors).
  tfjs({ tf, params: p, inputs, inShapes, name }) {
    if (inShapes[0].length === 1) return inputs[0];
    const x =
      p.order === 'channels-first'
        ? (tf.layers.permute({ name: `${name}__chw`, dims: [3, 1, 2] }).apply(inputs[0]) as (typeof inputs)[0])
        : inputs[0];
    return tf.layers.flatten({ name }).apply(x) as (typeof inputs)[0];
  },
  // Exports are NCHW: channels-first flattens as it is; channels-last goes back to NHWC first so the
  // Dense weights that follow see the values in the order they were trained on.
  onnx: (ctx) =>
    ctx.inShapes[0].length === 1
      ? ctx.inputs[0]
      : ctx.op(
          'Flatten',
          ctx.params.order === 'channels-first'
            ? ctx.inputs
            : [ctx.op('Transpose', ctx.inputs, { perm: { ints: [0, 2, 3, 1] } }, `${ctx.name}_nhwc`)],
          { axis: { i: 1 } },
          ctx.name,
        ),
  torch: (ctx) =>
    ctx.inShapes[0].length === 1
      ? ctx.inputs[0]
      : ctx.params.order === 'channels-first'
        ? `torch.flatten(${ctx.inputs[0]}, 1)`
        : `torch.flatten(${ctx.inputs[0]}.permute(0, 2, 3, 1), 1)`,
  fromKeras: {
    classes: {
      // Our export of a channels-first Flatten is `<name>__chw` (Permute [3, 1, 2]) then the Flatten.
      Flatten: ({ name, inbound }, m) => {
        const chw = m.layer(inbound[0] ?? '');
        const ours =
          chw?.name === `${name}__chw` &&
          chw.className === 'Permute' &&
          JSON.stringify(chw.config.dims) === '[3,1,2]' &&
          m.consumers(chw.name).length === 1;
        return ours
          ? { params: { order: 'channels-first' }, absorbs: [chw.name] }
          : { params: { order: 'channels-last' } };
      },
    },
  },
  fromOnnx: {
    ops: {
      Flatten: (n, g) => {
        const x = g.shape(n.inputs[0]);
        if (!x) return { unsupported: onnxWhy('input-not-computed') };
        if (n.num('axis', 1) !== 1) return { unsupported: why('flatten-axis', { axis: n.num('axis', 1) }) };
        return x.length === 1 ? { alias: true } : { params: { order: 'channels-first' } };
      },
      // Reshape to [N, -1] (or [N, C*H*W]) is a Flatten; the batch may come from folded Shape arithmetic.
      Reshape: (n, g) => {
        const x = g.shape(n.inputs[0]),
          target = g.constant(n.inputs[1])?.data;
        if (!x) return { unsupported: onnxWhy('input-not-computed') };
        if (!target) return { unsupported: why('reshape-target') };
        const total = elements(x);
        const flat =
          target.length === 2 &&
          (target[1] === -1 || target[1] === total) &&
          (target[0] === BATCH_DIM || target[0] === 0 || target[0] === 1 || (target[0] === -1 && target[1] === total));
        if (!flat)
          return {
            unsupported: why('reshape-flat', {
              target: [...target].map((v) => (v === BATCH_DIM ? 'N' : v)).join(', '),
            }),
          };
        return x.length === 1 ? { alias: true } : { params: { order: 'channels-first' } };
      },
    },
  },
  alternatives: {
    onnx: { Squeeze: 'Flatten (after a global pooling)', Transpose: 'Flatten (channels first or last)' },
    keras: { Reshape: 'Flatten', Permute: 'Flatten (channels first or last)' },
  },
});

export const Dense = defineLayer({
  type: 'Dense',
  fullyConnected: true,
  idPrefix: 'dense',
  title: 'Dense',
  category: 'Core',
  doc: 'Fully connected: every output unit is a weighted sum of every input value plus a bias. Needs a flat vector, so put Flatten or global pooling before it. The last Dense of a classifier has one unit per class.',
  formulas: ['out = units', 'params = inputs*units + units (bias)', 'receptive field = the whole input'],
  params: {
    units: int('Units', 1, 1_000_000, 128, 'Number of outputs.'),
    activation: fusedActivation('linear'),
    bias: bool('Bias', true, 'Add a learned bias per unit.'),
  },
  ports: () => IN_PORT,
  // The activation is not in the summary: the node face shows every fused activation as a tag of its own.
  summary: (p) => ({ key: 'summary.units', params: { units: p.units } }),
  activationOf: (p) => p.activation,
  widthParam: () => 'units',
  infer({ nodeId, params: p, inputs, inEdges }) {
    const x = inputs[0];
    if (x.length !== 1) {
      return {
        shape: null,
        problems: [
          {
            severity: 'error',
            code: 'dense-needs-flatten',
            nodeId,
            port: 'in',
            ...say('problem.dense-needs-flatten', {
              shape: shapeText(x),
              flat: x.reduce((a, b) => a * b, 1),
              channels: x[x.length - 1],
            }),
            fix: inEdges[0]
              ? { kind: 'insertNode', ...fixSay('fix.insertFlatten'), edgeId: inEdges[0], type: 'Flatten' }
              : undefined,
          },
        ],
      };
    }
    return { shape: [p.units] };
  },
  rf: ({ inputs, inputHW }) => globalRF(inputs[0], inputHW),
  counts: (p, [x]) => ({ trainable: x[0] * p.units + (p.bias ? p.units : 0), nonTrainable: 0, macs: x[0] * p.units }),
  tfjs: ({ tf, params: p, inputs, name, seed }) =>
    tf.layers
      .dense({ name, units: p.units, activation: p.activation, useBias: p.bias, kernelInitializer: glorot(tf, seed) })
      .apply(inputs[0]) as (typeof inputs)[0],
  onnx(ctx) {
    const p = ctx.params;
    const inputs = [ctx.inputs[0], ctx.constant(`${ctx.name}.weight`, ctx.weight(ctx.name, 'kernel', DENSE_PERM))];
    if (p.bias) inputs.push(ctx.constant(`${ctx.name}.bias`, ctx.weight(ctx.name, 'bias')));
    return onnxActivation(ctx, p.activation, ctx.op('Gemm', inputs, { transB: { i: 1 } }, ctx.name), `${ctx.name}_act`);
  },
  torch(ctx) {
    const p = ctx.params;
    const m = ctx.module('', `nn.Linear(${ctx.inShapes[0][0]}, ${p.units}${p.bias ? '' : ', bias=False'})`, {
      weight: ctx.weight(ctx.name, 'kernel', DENSE_PERM),
      ...(p.bias ? { bias: ctx.weight(ctx.name, 'bias') } : {}),
    });
    return torchActivation(p.activation, `${m}(${ctx.inputs[0]})`);
  },
  fromKeras: {
    classes: {
      Dense: ({ config: c }) => {
        const activation = fusedKeras(c.activation);
        if (!activation) return { unsupported: kerasWhy('activation', { activation: kerasActivation(c.activation) }) };
        return { params: { units: Number(c.units), activation, bias: c.use_bias !== false } };
      },
    },
  },
  fromOnnx: {
    ops: {
      Gemm: (n, g) => {
        const x = g.shape(n.inputs[0]),
          b = g.constant(n.inputs[1]);
        if (!x || x.length !== 1) return { unsupported: why('gemm-input') };
        if (!b || b.dims.length !== 2) return { unsupported: why('gemm-weights') };
        if (n.num('transA', 0) !== 0 || n.num('alpha', 1) !== 1 || (n.inputs[2] && n.num('beta', 1) !== 1))
          return { unsupported: why('gemm-attrs') };
        const transB = n.num('transB', 0) === 1;
        const units = transB ? b.dims[0] : b.dims[1];
        const bias = n.inputs[2] ? g.constant(n.inputs[2]) : null;
        if (bias && bias.data.length !== units)
          return { unsupported: why('gemm-bias', { n: bias.data.length, units }) };
        return {
          params: { units, activation: 'linear', bias: !!bias },
          weights: {
            kernel: g.weight(n.inputs[1], transB ? DENSE_PERM : [0, 1]),
            bias: bias ? g.weight(n.inputs[2], [0], [units]) : undefined,
          },
        };
      },
      // MatMul by a constant [in, out], and the Add of a constant [out] after it, are one Dense.
      MatMul: (n, g) => {
        const x = g.shape(n.inputs[0]),
          b = g.constant(n.inputs[1]);
        if (!x || x.length !== 1 || !b || b.dims.length !== 2) return { unsupported: why('matmul') };
        const units = b.dims[1];
        const after = g.consumers(n.outputs[0]);
        const add = after.length === 1 && after[0].opType === 'Add' ? after[0] : undefined;
        const biasName = add?.inputs.find((v) => v !== n.outputs[0]);
        const bias = biasName ? g.constant(biasName) : null;
        const useBias = !!bias && bias.data.length === units;
        return {
          params: { units, activation: 'linear', bias: useBias },
          weights: {
            kernel: g.weight(n.inputs[1]),
            bias: useBias ? g.weight(biasName!, [0], [units]) : undefined,
          },
          absorbs: useBias ? [add!] : [],
        };
      },
    },
  },
});

export const Softmax = defineLayer({
  type: 'Softmax',
  idPrefix: 'softmax',
  title: 'Softmax',
  category: 'Output',
  doc: "Turns the last layer's scores into class probabilities that sum to 1: softmax(x)_i = e^x_i / sum_j e^x_j. The output of a classifier; leave it out for regression (a linear output).",
  formulas: ['shape unchanged', 'params = 0'],
  params: {},
  ports: () => IN_PORT,
  summary: () => ({ key: 'summary.probabilities' }),
  activationOf: () => 'softmax',
  infer: ({ inputs }) => ({ shape: inputs[0] }),
  ...same,
  counts: () => noCounts,
  tfjs: ({ tf, inputs, name }) => tf.layers.softmax({ name, axis: -1 }).apply(inputs[0]) as (typeof inputs)[0],
  onnx: (ctx) => ctx.op('Softmax', ctx.inputs, { axis: { i: 1 } }, ctx.name),
  torch: (ctx) => `F.softmax(${ctx.inputs[0]}, dim=1)`,
  fromKeras: {
    classes: {
      Softmax: ({ config: c }) =>
        c.axis === undefined || c.axis === -1
          ? { params: {} }
          : { unsupported: why('keras-axis', { axis: String(c.axis) }) },
    },
  },
  // Over the channels: ONNX axis 1 (or the last axis of a vector), the editor's last axis.
  fromOnnx: {
    ops: {
      Softmax: (n, g) => {
        const x = g.shape(n.inputs[0]);
        if (!x) return { unsupported: onnxWhy('input-not-computed') };
        const axis = n.num('axis', -1);
        const ok = x.length === 1 ? axis === 1 || axis === -1 : axis === 1 || axis === -3;
        return ok ? { params: {} } : { unsupported: onnxWhy('axis-channels', { axis }) };
      },
    },
  },
  alternatives: { onnx: { LogSoftmax: 'Softmax (the loss takes the log)', Hardmax: 'Softmax' } },
});
