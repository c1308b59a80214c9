// Every fast kernel against the stock tfjs cpu kernel, on random inputs over many shapes, in both cores.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFastCpuKernels, type CoreMode } from './index';
import { randTensor, relErr } from './testutil';

const TOL = 1e-4;
const MODES: CoreMode[] = ['js', 'wasm'];

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

type Inputs = Record<string, tf.Tensor>;

function runKernel(name: string, inputs: Inputs, attrs: Record<string, unknown>): Float32Array {
  const out = tf.engine().runKernel(name, inputs as any, attrs as any) as tf.Tensor;
  const v = out.dataSync() as Float32Array;
  out.dispose();
  return v;
}

/**
 * Stock result vs ours; returns the relative error. Also asserts our code (not the stock fallback) served the call,
 * unless `expectFallback`, so a kernel that silently declines everything cannot pass.
 */
function check(
  name: string,
  inputs: Inputs,
  attrs: Record<string, unknown>,
  mode: CoreMode,
  expectFallback = false,
): number {
  const ref = runKernel(name, inputs, attrs);
  const h = installFastCpuKernels(tf, { mode });
  try {
    expect(h.mode).toBe(mode);
    const got = runKernel(name, inputs, attrs);
    expect(got.length).toBe(ref.length);
    const st = h.stats()[name];
    expect(st, `${name} served by ${expectFallback ? 'stock' : 'fast'} kernel`).toEqual(
      expectFallback ? { fast: 0, fallback: 1 } : { fast: 1, fallback: 0 },
    );
    return relErr(got, ref);
  } finally {
    h.uninstall();
  }
}

interface ConvCase {
  x: number[];
  f: number[];
  s: number | [number, number];
  pad: any;
  d?: number | [number, number];
}

const convCases: ConvCase[] = [
  { x: [2, 9, 9, 3], f: [3, 3, 3, 5], s: 1, pad: 'same' },
  { x: [1, 8, 8, 4], f: [3, 3, 4, 8], s: 2, pad: 'same' },
  { x: [2, 7, 10, 3], f: [3, 2, 3, 4], s: [2, 1], pad: 'valid' },
  { x: [1, 11, 9, 2], f: [5, 5, 2, 6], s: 1, pad: 'valid' },
  { x: [3, 6, 6, 16], f: [1, 1, 16, 32], s: 1, pad: 'valid' },
  { x: [2, 8, 8, 8], f: [1, 1, 8, 16], s: 2, pad: 'same' },
  {
    x: [2, 9, 9, 3],
    f: [3, 3, 3, 4],
    s: 1,
    pad: [
      [0, 0],
      [1, 2],
      [2, 1],
      [0, 0],
    ],
  },
  { x: [1, 9, 8, 3], f: [3, 3, 3, 4], s: [1, 2], pad: 2 },
  { x: [1, 5, 5, 64], f: [3, 3, 64, 70], s: 1, pad: 'same' },
  { x: [1, 13, 13, 1], f: [5, 5, 1, 6], s: 1, pad: 'same' },
  { x: [4, 28, 28, 1], f: [5, 5, 1, 6], s: 1, pad: 'same' },
  { x: [2, 14, 14, 6], f: [5, 5, 6, 16], s: 1, pad: 'valid' },
  { x: [1, 7, 7, 3], f: [7, 7, 3, 2], s: 3, pad: 'same' },
  { x: [2, 16, 16, 9], f: [3, 3, 9, 13], s: 2, pad: 'valid' },
];
// one input channel, stride 1 (conv_fwd_c1): 8-, 4- and 1-pixel tiles, 1 to 11 output channels (groups of 8 + rest)
const c1Cases: ConvCase[] = [
  { x: [3, 9, 13, 1], f: [3, 4, 1, 11], s: 1, pad: 'same' },
  { x: [2, 7, 6, 1], f: [2, 2, 1, 1], s: 1, pad: 'valid' },
  { x: [1, 12, 21, 1], f: [5, 3, 1, 3], s: 1, pad: 'same' },
  {
    x: [2, 10, 9, 1],
    f: [4, 5, 1, 8],
    s: 1,
    pad: [
      [0, 0],
      [1, 2],
      [2, 1],
      [0, 0],
    ],
  },
  { x: [2, 11, 17, 1], f: [5, 5, 1, 6], s: 1, pad: 'valid' },
];
const dilatedCases: ConvCase[] = [
  { x: [1, 10, 10, 3], f: [3, 3, 3, 4], s: 1, pad: 'same', d: 2 },
  { x: [2, 11, 9, 2], f: [2, 3, 2, 5], s: 1, pad: 'valid', d: [2, 3] },
  // row dilation only: the direct (no im2col) forward path, rows kh*DH apart in the padded copy
  { x: [2, 10, 9, 3], f: [3, 3, 3, 5], s: 1, pad: 'same', d: [2, 1] },
  { x: [1, 12, 7, 2], f: [2, 4, 2, 3], s: 1, pad: 'valid', d: [3, 1] },
];

const label = (c: ConvCase) => `x${c.x} f${c.f} s${c.s} pad=${JSON.stringify(c.pad)} d${c.d ?? 1}`;
const outShape = (c: ConvCase) => {
  const info = tf.backend_util.computeConv2DInfo(
    c.x as any,
    c.f as any,
    c.s,
    c.d ?? 1,
    c.pad,
    undefined,
    false,
    'channelsLast',
  );
  return info.outShape;
};

describe.each(MODES)('fast kernels (%s core) match stock', (mode) => {
  it('Conv2D over strides, paddings, dilations, 1x1, odd sizes, many channels', () => {
    for (const [i, c] of [...convCases, ...dilatedCases, ...c1Cases].entries()) {
      const x = randTensor(c.x, 10 + i),
        f = randTensor(c.f, 100 + i);
      const err = check(
        'Conv2D',
        { x, filter: f },
        { strides: c.s, pad: c.pad, dataFormat: 'NHWC', dilations: c.d ?? 1 },
        mode,
      );
      expect(err, label(c)).toBeLessThan(TOL);
      tf.dispose([x, f]);
    }
  });

  it('FusedConv2D with bias and linear/relu/relu6/leakyrelu (and stock fallback for elu)', () => {
    const acts = ['linear', 'relu', 'relu6', 'leakyrelu', 'elu'];
    for (const [i, c] of convCases.slice(0, 8).entries()) {
      const x = randTensor(c.x, 20 + i, -3, 3),
        f = randTensor(c.f, 200 + i),
        b = randTensor([c.f[3]], 300 + i);
      const activation = acts[i % acts.length];
      const err = check(
        'FusedConv2D',
        { x, filter: f, bias: b },
        { strides: c.s, pad: c.pad, dataFormat: 'NHWC', dilations: 1, activation, leakyreluAlpha: 0.1 },
        mode,
        activation === 'elu',
      );
      expect(err, `${label(c)} ${activation}`).toBeLessThan(TOL);
      tf.dispose([x, f, b]);
    }
    // one input channel: bias and activation applied inside conv_fwd_c1
    for (const [i, c] of c1Cases.entries())
      for (const activation of acts.slice(0, 4)) {
        const x = randTensor(c.x, 40 + i, -3, 3),
          f = randTensor(c.f, 240 + i),
          b = randTensor([c.f[3]], 340 + i);
        const err = check(
          'FusedConv2D',
          { x, filter: f, bias: b },
          { strides: c.s, pad: c.pad, dataFormat: 'NHWC', dilations: 1, activation, leakyreluAlpha: 0.1 },
          mode,
        );
        expect(err, `${label(c)} ${activation}`).toBeLessThan(TOL);
        tf.dispose([x, f, b]);
      }
  });

  it('Conv2DBackpropFilter and Conv2DBackpropInput', () => {
    for (const [i, c] of convCases.entries()) {
      const x = randTensor(c.x, 30 + i),
        f = randTensor(c.f, 300 + i),
        dy = randTensor(outShape(c), 400 + i);
      const common = { strides: c.s, pad: c.pad, dataFormat: 'NHWC' };
      const e1 = check('Conv2DBackpropFilter', { x, dy }, { ...common, filterShape: c.f }, mode);
      expect(e1, `filter ${label(c)}`).toBeLessThan(TOL);
      const e2 = check('Conv2DBackpropInput', { dy, filter: f }, { ...common, inputShape: c.x }, mode);
      expect(e2, `input ${label(c)}`).toBeLessThan(TOL);
      tf.dispose([x, f, dy]);
    }
  });

  it('falls back to stock for NCHW', () => {
    const x = randTensor([1, 3, 6, 6], 5),
      f = randTensor([3, 3, 3, 4], 6);
    const err = check(
      'Conv2D',
      { x, filter: f },
      { strides: 1, pad: 'same', dataFormat: 'NCHW', dilations: 1 },
      mode,
      true,
    );
    expect(err).toBeLessThan(TOL);
    tf.dispose([x, f]);
  });

  const poolCases: { x: number[]; k: [number, number]; s: [number, number]; pad: any }[] = [
    { x: [2, 8, 8, 3], k: [2, 2], s: [2, 2], pad: 'valid' },
    { x: [1, 9, 7, 5], k: [3, 3], s: [2, 2], pad: 'same' },
    { x: [2, 6, 6, 4], k: [3, 3], s: [1, 1], pad: 'same' },
    { x: [1, 7, 9, 2], k: [2, 3], s: [1, 2], pad: 'valid' },
    { x: [3, 28, 28, 6], k: [2, 2], s: [2, 2], pad: 'valid' },
    { x: [1, 5, 5, 1], k: [5, 5], s: [1, 1], pad: 'valid' },
    { x: [1, 10, 10, 3], k: [3, 3], s: [2, 2], pad: 1 },
  ];

  it('MaxPool / AvgPool and their gradients (including ties after relu)', () => {
    for (const [i, c] of poolCases.entries()) {
      for (const tied of [false, true]) {
        const raw = randTensor(c.x, 50 + i);
        const x = tied ? tf.relu(raw) : raw.clone();
        const attrs = { filterSize: c.k, strides: c.s, pad: c.pad, dimRoundingMode: undefined };
        const name = `x${c.x} k${c.k} s${c.s} ${JSON.stringify(c.pad)} tied=${tied}`;
        expect(check('MaxPool', { x }, attrs, mode), `max ${name}`).toBeLessThan(TOL);
        expect(check('AvgPool', { x }, attrs, mode), `avg ${name}`).toBeLessThan(TOL);
        const y = tf.engine().runKernel('MaxPool', { x }, attrs as any) as tf.Tensor;
        const dy = randTensor(y.shape, 60 + i);
        expect(check('MaxPoolGrad', { dy, input: x, output: y }, attrs, mode), `maxgrad ${name}`).toBeLessThan(TOL);
        expect(check('AvgPoolGrad', { dy, input: x }, attrs, mode), `avggrad ${name}`).toBeLessThan(TOL);
        tf.dispose([raw, x, y, dy]);
      }
    }
  });

  it('BatchMatMul and _FusedMatMul: transposes, batches, broadcast batch, odd sizes', () => {
    const cases: { a: number[]; b: number[]; tA: boolean; tB: boolean }[] = [
      { a: [5, 7], b: [7, 3], tA: false, tB: false },
      { a: [7, 5], b: [7, 3], tA: true, tB: false },
      { a: [5, 7], b: [3, 7], tA: false, tB: true },
      { a: [7, 5], b: [3, 7], tA: true, tB: true },
      { a: [2, 5, 7], b: [2, 7, 9], tA: false, tB: false },
      { a: [3, 5, 7], b: [1, 7, 9], tA: false, tB: false },
      { a: [1, 7, 5], b: [3, 9, 7], tA: true, tB: true },
      { a: [64, 400], b: [400, 120], tA: false, tB: false },
      { a: [64, 120], b: [400, 120], tA: false, tB: true },
      { a: [64, 400], b: [64, 120], tA: true, tB: false },
      { a: [1, 1], b: [1, 1], tA: false, tB: false },
      { a: [33, 65], b: [65, 17], tA: false, tB: false },
    ];
    for (const [i, c] of cases.entries()) {
      const a = randTensor(c.a, 70 + i),
        b = randTensor(c.b, 80 + i);
      const name = `a${c.a} b${c.b} tA=${c.tA} tB=${c.tB}`;
      expect(check('BatchMatMul', { a, b }, { transposeA: c.tA, transposeB: c.tB }, mode), name).toBeLessThan(TOL);
      const n = c.tB ? c.b[c.b.length - 2] : c.b[c.b.length - 1];
      const bias = randTensor([n], 90 + i);
      for (const activation of ['linear', 'relu']) {
        const err = check('_FusedMatMul', { a, b, bias }, { transposeA: c.tA, transposeB: c.tB, activation }, mode);
        expect(err, `${name} fused ${activation}`).toBeLessThan(TOL);
      }
      tf.dispose([a, b, bias]);
    }
  });

  it('Sum / Mean over leading, trailing, middle and non-contiguous axes', () => {
    const x = randTensor([4, 5, 6, 7], 3);
    for (const axis of [[0, 1, 2], [3], [1, 2], [0], [1], [0, 2], [0, 1, 2, 3], -1]) {
      for (const keepDims of [false, true]) {
        for (const k of ['Sum', 'Mean']) {
          const nonContiguous = Array.isArray(axis) && axis.join() === '0,2';
          expect(check(k, { x }, { axis, keepDims }, mode, nonContiguous), `${k} ${axis} ${keepDims}`).toBeLessThan(
            TOL,
          );
        }
      }
    }
    x.dispose();
  });

  it('broadcasting Add / Sub / Multiply / RealDiv / SquaredDifference', () => {
    const shapes: [number[], number[]][] = [
      [
        [2, 3, 4, 5],
        [2, 3, 4, 5],
      ],
      [[2, 3, 4, 5], [5]],
      [[5], [2, 3, 4, 5]],
      [
        [2, 3, 4, 5],
        [1, 1, 1, 5],
      ],
      [
        [2, 3, 4, 5],
        [2, 1, 1, 1],
      ],
      [
        [2, 1, 1, 1],
        [2, 3, 4, 5],
      ],
      [
        [4, 6],
        [4, 1],
      ],
      [[4, 6], []],
      [[], [4, 6]],
      [
        [3, 1],
        [1, 4],
      ],
      [
        [3, 4],
        [3, 4],
      ],
      // per-channel b with channels a multiple of 4 (the blocked x - mean path), over many row blocks
      [[2, 3, 4, 8], [8]],
      [
        [3, 37, 41, 16],
        [1, 1, 1, 16],
      ],
    ];
    for (const [i, [sa, sb]] of shapes.entries()) {
      const a = randTensor(sa, 110 + i),
        b = randTensor(sb, 120 + i, 0.5, 2);
      for (const k of ['Add', 'Sub', 'Multiply', 'RealDiv', 'SquaredDifference']) {
        const outer = sa.join() === '3,1' && sb.join() === '1,4'; // outer-product broadcast: stock handles it
        expect(check(k, { a, b }, {}, mode, outer), `${k} ${sa} ${sb}`).toBeLessThan(TOL);
      }
      tf.dispose([a, b]);
    }
  });

  it('Tile', () => {
    for (const [i, [shape, reps]] of (
      [
        [
          [1, 1, 1, 5],
          [2, 3, 4, 1],
        ],
        [
          [2, 3],
          [3, 2],
        ],
        [[4], [3]],
        [
          [2, 1, 3],
          [1, 4, 2],
        ],
      ] as const
    ).entries()) {
      const x = randTensor([...shape], 130 + i);
      expect(check('Tile', { x }, { reps: [...reps] }, mode), `${shape} ${reps}`).toBeLessThan(TOL);
      x.dispose();
    }
  });

  it("SpaceToBatchND / BatchToSpaceND (the dilated conv's data movement): paddings, crops, blocks 2x2, 3x2, 1x3", () => {
    const cases: { x: number[]; block: [number, number]; pads: [number, number][] }[] = [
      {
        x: [2, 7, 6, 3],
        block: [2, 2],
        pads: [
          [2, 3],
          [1, 1],
        ],
      },
      {
        x: [1, 9, 8, 1],
        block: [3, 2],
        pads: [
          [0, 0],
          [2, 2],
        ],
      },
      {
        x: [3, 5, 4, 5],
        block: [1, 3],
        pads: [
          [1, 0],
          [1, 4],
        ],
      },
    ];
    for (const [i, c] of cases.entries()) {
      const x = randTensor(c.x, 300 + i);
      expect(check('SpaceToBatchND', { x }, { blockShape: c.block, paddings: c.pads }, mode), `space ${i}`).toBe(0);
      const s = tf.spaceToBatchND(x, c.block, c.pads);
      expect(check('BatchToSpaceND', { x: s }, { blockShape: c.block, crops: c.pads }, mode), `batch ${i}`).toBe(0);
      tf.dispose([x, s]);
    }
  });

  it('Softmax: bit for bit the stock kernel, over shapes, huge and tiny logits, -Infinity and NaN rows', () => {
    for (const [i, shape] of [
      [64, 10],
      [3, 1],
      [2, 3, 7],
      [5, 1000],
      [1, 1, 1, 33],
    ].entries()) {
      const logits = randTensor(shape, 400 + i, -30, 30);
      expect(check('Softmax', { logits }, { dim: -1 }, mode), `${shape}`).toBe(0);
      expect(check('Softmax', { logits }, { dim: shape.length - 1 }, mode), `${shape}, explicit dim`).toBe(0);
      logits.dispose();
    }
    const odd = tf.tensor2d(
      [
        [1e30, -1e30, 0, 88.7],
        [-Infinity, 0, 1, 2],
        [NaN, 0, 1, 2],
        [-Infinity, -Infinity, -Infinity, -Infinity],
        [3, 3, 3, 3],
      ],
      [5, 4],
    );
    const ref = runKernel('Softmax', { logits: odd }, { dim: -1 });
    const h = installFastCpuKernels(tf, { mode });
    try {
      const got = runKernel('Softmax', { logits: odd }, { dim: -1 });
      expect(h.stats().Softmax).toEqual({ fast: 1, fallback: 0 });
      // Object.is: NaN equals NaN, and the bits of every finite value match
      expect(
        Array.from(got).every((v, k) => Object.is(v, ref[k])),
        `${Array.from(got)} vs ${Array.from(ref)}`,
      ).toBe(true);
      expect(Number.isNaN(got[8])).toBe(true);
    } finally {
      h.uninstall();
      odd.dispose();
    }
    // a non-last axis goes to the stock kernel, which refuses it with its own message
    const x3 = randTensor([2, 3, 4], 9);
    const h3 = installFastCpuKernels(tf, { mode });
    try {
      expect(() => runKernel('Softmax', { logits: x3 }, { dim: 1 })).toThrow(/non-last dimension/);
      expect(h3.stats().Softmax).toEqual({ fast: 0, fallback: 1 });
    } finally {
      h3.uninstall();
      x3.dispose();
    }
  });

  it('Relu, Step, FusedBatchNorm', () => {
    const x = randTensor([3, 5, 5, 8], 7, -2, 2);
    expect(check('Relu', { x }, {}, mode)).toBeLessThan(TOL);
    expect(check('Step', { x }, { alpha: 0 }, mode)).toBeLessThan(TOL);
    expect(check('Step', { x }, { alpha: 0.3 }, mode)).toBeLessThan(TOL);
    const mean = randTensor([8], 8),
      variance = randTensor([8], 9, 0.1, 2);
    const scale = randTensor([8], 10),
      offset = randTensor([8], 11);
    expect(check('FusedBatchNorm', { x, mean, variance, scale, offset }, { varianceEpsilon: 1e-3 }, mode)).toBeLessThan(
      TOL,
    );
    expect(check('FusedBatchNorm', { x, mean, variance }, { varianceEpsilon: 1e-3 }, mode)).toBeLessThan(TOL);
    tf.dispose([x, mean, variance, scale, offset]);
  });
});
