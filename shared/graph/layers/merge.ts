// Nodes with several inputs: Residual (add) and Concat (channel axis).
import { fixSay, say } from '../../i18n/msg';
import { paramLabel } from '../params';
import { mergeRF, windowRF } from '../convmath';
import { defineLayer, shapeText } from '../layer';
import { choice, int } from '../params';
import type { Problem, Shape } from '../types';
import { BN_EPSILON, PROJECTION_BN_MOMENTUM, RESIDUAL_PORTS, concatPorts } from './common';
import { kerasPair } from './keras';
import { onnxWhy } from './onnxread';
import { reasons } from './reasons';

/** Why an Add or Concat cannot be read (reason.<key>; English here, translations in zh-CN.tables.ts). */
const why = reasons({
  'add-constant': 'adding a constant (only a bias after MatMul, or two computed values: a residual)',
  'concat-axis': 'axis {{axis}} (only the channel axis)',
  'concat-constants': 'concatenating constants',
  'concat-inputs': '{{n}} inputs (2 to 8)',
});
import { CONV_KERNEL_PERM, pyFloat, pyPair } from './exportmaps';

/** Size after a 1x1 'valid' convolution with stride s. */
const strided = (n: number, s: number) => Math.floor((n - 1) / s) + 1;

/** The stride that maps the skip's H x W onto the main path's, if a 1x1 projection can. */
export function projectionStride(skip: Shape, main: Shape): number | null {
  for (let s = 1; s <= 8; s++) if (strided(skip[0], s) === main[0] && strided(skip[1], s) === main[1]) return s;
  return null;
}

const sameShape = (a: Shape, b: Shape) => a.length === b.length && a.every((v, i) => v === b[i]);

export const Residual = defineLayer({
  reasons: { ...onnxWhy.table, ...why.table },
  type: 'Residual',
  skipPath: true,
  idPrefix: 'add',
  title: 'Residual',
  category: 'Merge',
  doc: 'Adds a skip connection to the output of a block: y = F(x) + x (He et al., ResNet). The identity path lets gradients flow through very deep nets and fixes their degradation. Both inputs must have the same shape; when the block changes the size or the channel count, a projection (a 1x1 convolution with stride, optionally followed by BatchNorm) makes the skip path fit.',
  formulas: [
    'out = main + skip (shapes must match)',
    'projection: skip -> Conv 1x1, stride s, C_main filters (no bias) [-> BatchNorm]',
    'receptive field = the larger of the two paths',
  ],
  params: {
    projection: choice(
      'Projection',
      ['none', 'conv', 'conv_bn'],
      'none',
      'How the skip path is made to fit: none (identity), a 1x1 convolution, or a 1x1 convolution + BatchNorm (torchvision ResNet).',
      {
        optionLabels: { none: 'identity', conv: '1x1 conv', conv_bn: '1x1 conv + BatchNorm' },
      },
    ),
    stride: int(
      'Projection stride',
      1,
      8,
      1,
      'Stride of the 1x1 projection (2 when the block halves H and W).',
      (p) => p.projection !== 'none',
    ),
  },
  ports: () => RESIDUAL_PORTS,
  summary: (p) =>
    p.projection === 'none'
      ? { key: 'summary.addIdentity' }
      : {
          key: 'summary.addProjection',
          params: { proj: p.projection === 'conv_bn' ? 'conv+bn' : 'conv', s: p.stride },
        },
  infer({ nodeId, params: p, inputs }) {
    const [main, skip] = inputs;
    const proj = p.projection;
    const problems: Problem[] = [];
    if (main.length !== skip.length) {
      return {
        shape: null,
        problems: [
          {
            severity: 'error',
            code: 'residual-mismatch',
            nodeId,
            ...say('problem.residual-mismatch-rank', { main: shapeText(main), skip: shapeText(skip) }),
          },
        ],
      };
    }
    const s = projectionStride(skip, main);
    if (proj === 'none') {
      if (sameShape(main, skip)) return { shape: main };
      const fixable = main.length === 3 && s !== null;
      problems.push({
        severity: 'error',
        code: 'residual-mismatch',
        nodeId,
        param: 'projection',
        ...say(fixable ? 'problem.residual-mismatch' : 'problem.residual-mismatch-unfixable', {
          main: shapeText(main),
          skip: shapeText(skip),
          stride: s ?? 0,
          filters: main[2] ?? 0,
        }),
        fix: fixable
          ? {
              kind: 'setParam',
              ...fixSay('fix.addProjection', { stride: s! }),
              nodeId,
              param: 'projection',
              value: 'conv_bn',
              also: { stride: s! },
            }
          : undefined,
      });
      return { shape: null, problems };
    }
    if (main.length !== 3) {
      return {
        shape: null,
        problems: [
          {
            severity: 'error',
            code: 'residual-mismatch',
            nodeId,
            param: 'projection',
            ...say('problem.residual-projection-vectors', { main: shapeText(main), skip: shapeText(skip) }),
            fix: { kind: 'setParam', ...fixSay('fix.useIdentity'), nodeId, param: 'projection', value: 'none' },
          },
        ],
      };
    }
    const stride = p.stride;
    const projected: Shape = [strided(skip[0], stride), strided(skip[1], stride), main[2]];
    if (!sameShape(projected, main)) {
      return {
        shape: null,
        problems: [
          {
            severity: 'error',
            code: 'residual-mismatch',
            nodeId,
            param: 'stride',
            ...say(s !== null ? 'problem.residual-projection-stride' : 'problem.residual-projection-stride-none', {
              stride,
              projected: shapeText(projected),
              main: shapeText(main),
              fits: s ?? 0,
            }),
            fix:
              s !== null
                ? {
                    kind: 'setParam',
                    ...fixSay('fix.setParam', { param: paramLabel('Residual', 'stride'), value: s }),
                    nodeId,
                    param: 'stride',
                    value: s,
                  }
                : undefined,
          },
        ],
      };
    }
    return { shape: main };
  },
  rf({ params: p, inputs }) {
    if (p.projection === 'none') return mergeRF(inputs);
    const s = p.stride;
    return mergeRF([inputs[0], windowRF(inputs[1], [1, 1], [s, s], [1, 1], [0, 0])]);
  },
  counts(p, [main, skip]) {
    if (p.projection === 'none') return { trainable: 0, nonTrainable: 0, macs: 0 };
    const c = main[2],
      cin = skip[2];
    const bn = p.projection === 'conv_bn';
    return { trainable: cin * c + (bn ? 2 * c : 0), nonTrainable: bn ? 2 * c : 0, macs: main[0] * main[1] * c * cin };
  },
  // The skip path: projection conv (and BN) before the add.
  tfjsDepth: (p) => (p.projection === 'conv_bn' ? 3 : p.projection === 'none' ? 1 : 2),
  tfjs({ tf, params: p, inputs, outShape, name, seed }) {
    let skip = inputs[1];
    if (p.projection !== 'none') {
      const s = p.stride;
      skip = tf.layers
        .conv2d({
          name: `${name}__proj`,
          filters: outShape[2],
          kernelSize: 1,
          strides: s,
          padding: 'valid',
          useBias: false,
          kernelInitializer: tf.initializers.glorotUniform({ seed }),
        })
        .apply(skip) as typeof skip;
      if (p.projection === 'conv_bn')
        skip = tf.layers
          .batchNormalization({ name: `${name}__bn`, axis: -1, momentum: PROJECTION_BN_MOMENTUM, epsilon: BN_EPSILON })
          .apply(skip) as typeof skip;
    }
    return tf.layers.add({ name }).apply([inputs[0], skip]) as typeof skip;
  },
  onnx(ctx) {
    const p = ctx.params;
    let skip = ctx.inputs[1];
    if (p.projection !== 'none') {
      const proj = `${ctx.name}__proj`,
        bn = `${ctx.name}__bn`,
        s = p.stride;
      skip = ctx.op(
        'Conv',
        [skip, ctx.constant(`${proj}.weight`, ctx.weight(proj, 'kernel', CONV_KERNEL_PERM))],
        { kernel_shape: { ints: [1, 1] }, strides: { ints: [s, s] } },
        proj,
      );
      if (p.projection === 'conv_bn') {
        skip = ctx.op(
          'BatchNormalization',
          [
            skip,
            ...['gamma', 'beta', 'moving_mean', 'moving_variance'].map((w) =>
              ctx.constant(`${bn}.${w}`, ctx.weight(bn, w)),
            ),
          ],
          { epsilon: { f: BN_EPSILON } },
          bn,
        );
      }
    }
    return ctx.op('Add', [ctx.inputs[0], skip], {}, ctx.name);
  },
  torch(ctx) {
    const p = ctx.params;
    let skip = ctx.inputs[1];
    if (p.projection !== 'none') {
      const proj = `${ctx.name}__proj`,
        bn = `${ctx.name}__bn`,
        s = p.stride,
        c = ctx.outShape[2];
      const conv = ctx.module(
        '_proj',
        `nn.Conv2d(${ctx.inShapes[1][2]}, ${c}, kernel_size=1${s > 1 ? `, stride=${pyPair([s, s])}` : ''}, bias=False)`,
        { weight: ctx.weight(proj, 'kernel', CONV_KERNEL_PERM) },
      );
      skip = `${conv}(${skip})`;
      if (p.projection === 'conv_bn') {
        const norm = ctx.module(
          '_bn',
          `nn.BatchNorm2d(${c}, eps=${pyFloat(BN_EPSILON)}, momentum=${pyFloat(Number((1 - PROJECTION_BN_MOMENTUM).toPrecision(6)))})`,
          {
            weight: ctx.weight(bn, 'gamma'),
            bias: ctx.weight(bn, 'beta'),
            running_mean: ctx.weight(bn, 'moving_mean'),
            running_var: ctx.weight(bn, 'moving_variance'),
          },
        );
        skip = `${norm}(${skip})`;
      }
    }
    return `${ctx.inputs[0]} + ${skip}`;
  },
  fromKeras: {
    classes: {
      // Our export splits a projection off as `<add>__proj` (a 1x1 Conv2D without bias), then `<add>__bn`.
      Add: ({ name, inbound }, m) => {
        const identity = { params: { projection: 'none', stride: 1 } } as const;
        if (inbound.length !== 2) return identity;
        const proj = m.layer(`${name}__proj`),
          bn = m.layer(`${name}__bn`);
        if (!proj || proj.className !== 'Conv2D' || proj.config.use_bias !== false) return identity;
        const s = kerasPair(proj.config.strides ?? 1, `${proj.name}.strides`);
        const k = kerasPair(proj.config.kernel_size, `${proj.name}.kernel_size`);
        if (k[0] !== 1 || k[1] !== 1 || s[0] !== s[1]) return identity;
        const hasBn =
          !!bn &&
          bn.inbound[0] === proj.name &&
          inbound[1] === bn.name &&
          Math.abs(Number(bn.config.epsilon) - BN_EPSILON) < 1e-12;
        if (!hasBn && inbound[1] !== proj.name) return identity;
        return {
          params: { projection: hasBn ? 'conv_bn' : 'conv', stride: s[0] },
          absorbs: hasBn && bn ? [proj.name, bn.name] : [proj.name],
        };
      },
    },
  },
  // Add of two computed values (a residual connection); a projection arrives as its own Conv2D/BatchNorm nodes.
  fromOnnx: {
    ops: {
      Add: (n, g) =>
        n.inputs.length === 2 && n.inputs.every((v) => g.shape(v))
          ? { params: { projection: 'none', stride: 1 }, inputs: n.inputs }
          : { unsupported: why('add-constant') },
    },
  },
  alternatives: { onnx: { Sum: 'Residual (two inputs)', Sub: 'Residual', Mul: 'Residual (an add, not a product)' } },
});

export const Concat = defineLayer({
  type: 'Concat',
  idPrefix: 'concat',
  title: 'Concat',
  category: 'Merge',
  doc: 'Stacks its inputs along the channel axis (as in Inception and DenseNet). All inputs must have the same height and width; the channel counts add up.',
  formulas: ['out = H x W x (C1 + C2 + ...)', 'receptive field = the largest of the inputs', 'params = 0'],
  params: { inputs: int('Inputs', 2, 8, 2, 'Number of input ports.') },
  ports: (p) => concatPorts(p.inputs),
  summary: (p) => ({ key: 'summary.concat', params: { inputs: p.inputs } }),
  infer({ nodeId, inputs }) {
    const first = inputs[0];
    const rank = first.length;
    const ok = inputs.every((s) => s.length === rank && (rank === 1 || (s[0] === first[0] && s[1] === first[1])));
    if (!ok) {
      return {
        shape: null,
        problems: [
          {
            severity: 'error',
            code: 'concat-mismatch',
            nodeId,
            ...say('problem.concat-mismatch', { shapes: inputs.map(shapeText).join(', ') }),
          },
        ],
      };
    }
    const c = inputs.reduce((a, s) => a + s[rank - 1], 0);
    return { shape: rank === 1 ? [c] : [first[0], first[1], c] };
  },
  rf: ({ inputs }) => mergeRF(inputs),
  counts: () => ({ trainable: 0, nonTrainable: 0, macs: 0 }),
  tfjs: ({ tf, inputs, name }) => tf.layers.concatenate({ name, axis: -1 }).apply([...inputs]) as (typeof inputs)[0],
  // Channels are axis 1 in NCHW, and the feature axis of [N, F] vectors.
  onnx: (ctx) => ctx.op('Concat', ctx.inputs, { axis: { i: 1 } }, ctx.name),
  torch: (ctx) => `torch.cat([${ctx.inputs.join(', ')}], dim=1)`,
  fromKeras: {
    classes: {
      Concatenate: ({ config: c, inbound }) =>
        c.axis === undefined || c.axis === -1 || c.axis === 3
          ? { params: { inputs: inbound.length } }
          : { unsupported: why('concat-axis', { axis: String(c.axis) }) },
    },
  },
  fromOnnx: {
    ops: {
      Concat: (n, g) => {
        const shapes = n.inputs.map((v) => g.shape(v));
        if (shapes.some((s) => !s)) return { unsupported: why('concat-constants') };
        const axis = n.num('axis', 1);
        if (axis !== 1 && !(axis === -1 && shapes[0]!.length === 1))
          return { unsupported: onnxWhy('axis-channels', { axis }) };
        if (n.inputs.length < 2 || n.inputs.length > 8)
          return { unsupported: why('concat-inputs', { n: n.inputs.length }) };
        return { params: { inputs: n.inputs.length }, inputs: n.inputs };
      },
    },
  },
});
