// Shape-preserving layers (Activation, BatchNorm, Dropout, Softmax) and the classifier head
// (Flatten, Dense).
import { fixSay, say } from '../../i18n/msg';
import { paramLabel } from '../params';
import { globalRF } from '../convmath';
import { defineLayer, noCounts, shapeText } from '../layer';
import { bool, choice, float, int } from '../params';
import { BN_EPSILON, elements, fusedActivation, glorot, IN_PORT } from './common';
import { fusedKeras, kerasActivation } from './keras';
import { DENSE_PERM, onnxActivation, pyFloat, torchActivation } from './exportmaps';

/** PReLU's alpha: tfjs [1, 1, C] on feature maps (shared over H and W) or [F] -> [C, 1, 1] (ONNX) / [C] (PyTorch). */
const preluPerm = (rank: number) => (rank === 3 ? [2, 0, 1] : [0]);
/** Keras's BatchNorm momentum weights the old statistics; PyTorch's weights the new batch. */
const torchMomentum = (m: number) => Number((1 - m).toPrecision(6));

const same = { rf: ({ inputs }: { inputs: readonly import('../types').ReceptiveField[] }) => inputs[0] };

export const ACTIVATION_KINDS = ['relu', 'leakyRelu', 'prelu', 'elu', 'sigmoid', 'tanh', 'softmax'] as const;
/** Keras Activation(...) names that become an Activation node of the same kind (linear passes through, softmax is a Softmax node). */
const KERAS_ACTIVATION_KINDS = ['relu', 'sigmoid', 'tanh', 'elu'] as const;
const isKerasKind = (a: string): a is (typeof KERAS_ACTIVATION_KINDS)[number] =>
  (KERAS_ACTIVATION_KINDS as readonly string[]).includes(a);

export const Activation = defineLayer({
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
        return isKerasKind(a) ? { params: { kind: a } } : { unsupported: `activation ${a}` };
      },
      ReLU: ({ config: c }) => {
        if ((c.max_value ?? null) !== null || (c.threshold ?? 0) !== 0) return { unsupported: 'max_value/threshold' };
        return (c.negative_slope ?? 0) === 0
          ? { params: { kind: 'relu' } }
          : { params: { kind: 'leakyRelu', negativeSlope: c.negative_slope } };
      },
      LeakyReLU: ({ config: c }) => ({
        params: { kind: 'leakyRelu', negativeSlope: Number(c.alpha ?? c.negative_slope ?? 0.3) },
      }),
      ELU: ({ config: c }) =>
        (c.alpha ?? 1) === 1 ? { params: { kind: 'elu', alpha: 1 } } : { unsupported: `alpha ${c.alpha} (only 1)` },
      PReLU: () => ({ params: { kind: 'prelu' } }),
    },
  },
});

export const BatchNorm = defineLayer({
  type: 'BatchNorm',
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
        if (axis !== -1 && axis !== 3 && axis !== 1) return { unsupported: `axis ${JSON.stringify(c.axis)}` };
        if (c.center === false || c.scale === false) return { unsupported: 'center/scale turned off' };
        // Keras's own defaults where model.json leaves them out.
        return { params: { momentum: Number(c.momentum ?? 0.99), epsilon: Number(c.epsilon ?? 1e-3) } };
      },
    },
  },
});

export const Dropout = defineLayer({
  type: 'Dropout',
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
});

export const Flatten = defineLayer({
  type: 'Flatten',
  idPrefix: 'flatten',
  title: 'Flatten',
  category: 'Core',
  doc: 'Unrolls an H x W x C feature map into one vector of H*W*C values (row by row, channels last), so Dense layers can follow. Every value after it depends on the whole input.',
  formulas: ['out = H*W*C', 'params = 0'],
  params: {},
  ports: () => IN_PORT,
  summary: () => ({ key: 'summary.flatten' }),
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
  tfjs: ({ tf, inputs, inShapes, name }) =>
    inShapes[0].length === 1 ? inputs[0] : (tf.layers.flatten({ name }).apply(inputs[0]) as (typeof inputs)[0]),
  // tfjs flattens H, W, C (channels last): go back to NHWC first so the Dense weights that follow
  // see the values in the order they were trained on.
  onnx: (ctx) =>
    ctx.inShapes[0].length === 1
      ? ctx.inputs[0]
      : ctx.op(
          'Flatten',
          [ctx.op('Transpose', ctx.inputs, { perm: { ints: [0, 2, 3, 1] } }, `${ctx.name}_nhwc`)],
          { axis: { i: 1 } },
          ctx.name,
        ),
  torch: (ctx) =>
    ctx.inShapes[0].length === 1 ? ctx.inputs[0] : `torch.flatten(${ctx.inputs[0]}.permute(0, 2, 3, 1), 1)`,
  fromKeras: { classes: { Flatten: () => ({ params: {} }) } },
});

export const Dense = defineLayer({
  type: 'Dense',
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
        if (!activation) return { unsupported: `activation ${kerasActivation(c.activation)}` };
        return { params: { units: Number(c.units), activation, bias: c.use_bias !== false } };
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
        c.axis === undefined || c.axis === -1 ? { params: {} } : { unsupported: `axis ${c.axis}` },
    },
  },
});
