// The wasm SIMD elementwise, reduction, average-pooling and batch-norm kernels (ewcore.ts, pool.ts, wasm/core.c)
// against stock tfjs and against each other on 1, 2 and 3 threads (real worker_threads): broadcasts of every pattern
// (full, per-channel, scalar, per-block, either side), odd sizes, strides and paddings, channel counts that are not
// multiples of 4, NaN and -0; the fused gradients of relu, square, mean and batch norm through tf.grads; no leaks.
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeThreadWorkers } from '../../cli/threadWorkers';
import { binaryCore, EW_MIN } from './ewcore';
import { createWasmCore } from './wasm-core';
import { installFastCpuKernels, type FastCpuHandle } from './index';
import { randTensor, relErr as relErrFinite } from './testutil';

const TOL = 1e-5;

/** relErr, where NaN must meet NaN (testutil's relErr takes finite references). */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const fa = Float32Array.from(a),
    fb = Float32Array.from(b);
  for (let i = 0; i < fa.length; i++)
    if (Number.isNaN(fa[i]) || Number.isNaN(fb[i])) {
      if (!(Number.isNaN(fa[i]) && Number.isNaN(fb[i]))) return Infinity;
      fa[i] = fb[i] = 0;
    }
  return relErrFinite(fa, fb);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

let handle: FastCpuHandle | null = null;
afterEach(() => {
  handle?.uninstall();
  handle = null;
});

type Case = { name: string; inputs: Record<string, tf.Tensor>; attrs: Record<string, unknown>; label: string };

const BIG = [3, 29, 31, 7]; // 18,879 elements: C = 7 (no SIMD lanes), odd rows
const BIG16 = [4, 23, 19, 16]; // C = 16
// 185,523 elements: several pieces at the real thresholds on 2 threads (ewcore.ts PIECE_MAX), so the
// streamed copies (piece k copied in while others compute, copied out when done) run there too; C = 13, odd rows
const HUGE = [3, 67, 71, 13];
function cases(): Case[] {
  const out: Case[] = [];
  const label = (name: string, shapes: number[][]) => `${name} ${JSON.stringify(shapes)}`;
  const pairs: [number[], number[]][] = [
    [BIG, BIG],
    [BIG, [7]],
    [[7], BIG],
    [BIG, []],
    [[], BIG],
    [BIG, [3, 1, 1, 1]],
    [[3, 1, 1, 1], BIG],
    [BIG, [31, 7]],
    [BIG16, [1, 1, 1, 16]],
    [[1, 1, 1, 16], BIG16],
    [HUGE, HUGE],
    [HUGE, [13]],
    [[], HUGE],
    [HUGE, [3, 1, 1, 1]],
    [
      [2, 5, 3],
      [2, 5, 3],
    ], // small: the plain-JS path
  ];
  let seed = 1;
  for (const name of ['Add', 'Sub', 'Multiply', 'RealDiv', 'SquaredDifference'])
    for (const [sa, sb] of pairs) {
      const a = randTensor(sa, seed++),
        b = name === 'RealDiv' ? randTensor(sb, seed++, 0.5, 2) : randTensor(sb, seed++);
      out.push({ name, inputs: { a, b }, attrs: {}, label: label(name, [sa, sb]) });
    }
  // NaN (positive and negative sign bit) and -0 among ordinary values (relErr cannot compare infinities)
  const special = randTensor(BIG, 77).dataSync().slice();
  [NaN, -0, 0].forEach((v, i) => (special[i * 101] = v));
  new Int32Array(special.buffer)[5] = 0xffc00000 | 0; // NaN with the sign bit set
  const sx = tf.tensor(special, BIG);
  for (const x of [sx, randTensor(BIG16, 78), randTensor([3, 5], 79), randTensor(HUGE, 81)]) {
    out.push({ name: 'Relu', inputs: { x }, attrs: {}, label: label('Relu', [x.shape]) });
    out.push({ name: 'Square', inputs: { x }, attrs: {}, label: label('Square', [x.shape]) });
  }
  const dy = randTensor(BIG, 80);
  out.push({ name: 'FastCpuReluGrad', inputs: { x: sx, dy }, attrs: {}, label: 'relu grad with NaN' });
  out.push({
    name: 'FastCpuReluGrad',
    inputs: { x: randTensor(HUGE, 82), dy: randTensor(HUGE, 83) },
    attrs: {},
    label: 'relu grad, huge',
  });
  const red: [number[], number[]][] = [
    [BIG, [0, 1, 2]],
    [BIG16, [0, 1, 2]],
    [HUGE, [0, 1, 2]],
    [HUGE, [3]],
    [BIG, [3]],
    [BIG, [1, 2]],
    [BIG, [2, 3]],
    [[5003, 3], [0]],
    [[3, 5003], [1]],
  ];
  for (const [shape, axis] of red) {
    const x = randTensor(shape, seed++);
    for (const name of ['Sum', 'Mean'])
      for (const keepDims of [false, true])
        out.push({ name, inputs: { x }, attrs: { axis, keepDims }, label: label(name, [shape, axis]) });
  }
  const pools: { x: number[]; k: [number, number]; s: [number, number]; pad: any }[] = [
    { x: [3, 9, 7, 5], k: [3, 3], s: [1, 1], pad: 'same' },
    { x: [5, 9, 7, 8], k: [3, 3], s: [2, 2], pad: 'same' },
    { x: [4, 28, 28, 6], k: [2, 2], s: [2, 2], pad: 'valid' },
    { x: [3, 11, 10, 4], k: [3, 2], s: [2, 1], pad: 1 },
    { x: [6, 8, 8, 16], k: [8, 8], s: [1, 1], pad: 'valid' }, // global average pooling
  ];
  for (const p of pools) {
    const x = randTensor(p.x, seed++);
    const attrs = { filterSize: p.k, strides: p.s, pad: p.pad, dimRoundingMode: undefined };
    const info = tf.backend_util.computePool2DInfo(p.x as any, p.k, p.s, 1, p.pad);
    const dy = randTensor(info.outShape, seed++);
    out.push({ name: 'AvgPool', inputs: { x }, attrs, label: label('AvgPool', [p.x, p.k, p.s]) });
    out.push({ name: 'AvgPoolGrad', inputs: { dy, input: x }, attrs, label: label('AvgPoolGrad', [p.x, p.k, p.s]) });
  }
  for (const shape of [BIG, BIG16, HUGE]) {
    const C = shape[3];
    const x = randTensor(shape, seed++),
      mean = randTensor([C], seed++),
      variance = randTensor([C], seed++, 0.1, 2),
      scale = randTensor([C], seed++),
      offset = randTensor([C], seed++);
    out.push({
      name: 'FusedBatchNorm',
      inputs: { x, mean, variance, scale, offset },
      attrs: { varianceEpsilon: 1e-3 },
      label: label('FusedBatchNorm', [shape]),
    });
    out.push({
      name: 'FusedBatchNorm',
      inputs: { x, mean, variance },
      attrs: { varianceEpsilon: 1e-3 },
      label: label('FusedBatchNorm no scale/offset', [shape]),
    });
  }
  return out;
}

function run(c: Case): Float32Array {
  const out = tf.engine().runKernel(c.name, c.inputs as any, c.attrs as any) as tf.Tensor;
  const v = out.dataSync() as Float32Array;
  out.dispose();
  return v;
}

/** Gradients through the fused gradient functions: relu, square, mean and a training-mode batch norm. */
function grads(): Float32Array[] {
  const res: Float32Array[] = [];
  for (const [shape, s] of [
    [BIG, 90],
    [BIG16, 91],
    [HUGE, 92],
  ] as const) {
    const x = randTensor(shape, s),
      w = randTensor(shape, s + 10);
    const C = shape[3];
    const gamma = randTensor([C], s + 20),
      beta = randTensor([C], s + 30);
    const f = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      const y = tf.batchNorm(x, mean, variance, b as tf.Tensor1D, g as tf.Tensor1D, 1e-3);
      return tf.sum(tf.mul(tf.relu(y), w)).add(tf.mean(tf.square(x)));
    };
    const gs = tf.grads(f)([x, gamma, beta]);
    for (const g of gs) res.push(g.dataSync() as Float32Array);
    tf.dispose([...gs, x, w, gamma, beta]);
  }
  return res;
}

describe('wasm SIMD elementwise, reduction and batch-norm kernels', () => {
  it('match stock on 1, 2 and 3 threads; N threads match 1 thread; no fallbacks, no leaks', async () => {
    const cs = cases();
    const stockCases = cs.filter((c) => !c.name.startsWith('FastCpu'));
    const ref = stockCases.map(run);
    const refGrads = grads();
    const byThreads: Float32Array[][] = [];
    const opts = [
      { threads: 1 },
      { threads: 2, minParallelWork: 0 },
      { threads: 3, minParallelWork: 0 },
      { threads: 2 }, // the real thresholds: only the big tensors split
    ];
    for (const o of opts) {
      handle = installFastCpuKernels(tf, { mode: 'wasm', workers: nodeThreadWorkers, ...o });
      expect(await handle.threadsReady()).toBe(o.threads);
      const before = tf.memory().numTensors;
      const got = cs.map(run);
      const gotGrads = grads();
      expect(tf.memory().numTensors, 'tensors leaked').toBe(before);
      const stats = handle.stats();
      for (const c of new Set(stockCases.map((c) => c.name))) expect(stats[c].fallback, c).toBe(0);
      const label = (i: number) => `${JSON.stringify(o)}: ${cs[i].label}`;
      stockCases.forEach((c, i) => expect(relErr(got[cs.indexOf(c)], ref[i]), label(cs.indexOf(c))).toBeLessThan(TOL));
      gotGrads.forEach((g, i) =>
        expect(relErr(g, refGrads[i]), `${JSON.stringify(o)}: gradient ${i}`).toBeLessThan(1e-4),
      );
      byThreads.push([...got, ...gotGrads]);
      handle.uninstall();
      handle = null;
    }
    // stock relu grad is dy * step(x): NaN where x is NaN, dy where x > 0, else 0
    const rg = byThreads[0][cs.findIndex((c) => c.name === 'FastCpuReluGrad')];
    const sx = cs.find((c) => c.name === 'FastCpuReluGrad')!.inputs;
    const want = tf.tidy(() => tf.mul(sx.dy, tf.step(sx.x)).dataSync());
    expect(relErr(rg, want)).toBe(0);
    for (const t of [1, 2, 3])
      byThreads[t].forEach((g, i) =>
        expect(relErr(g, byThreads[0][i]), `${opts[t].threads} threads, #${i}`).toBeLessThan(1e-6),
      );
    tf.dispose(cs.flatMap((c) => Object.values(c.inputs)));
  }, 120_000);

  it('the big cases run on the wasm core: results differ from the plain-JS core only by float rounding', () => {
    // the plain-JS loops round a double once, the SIMD ones in float32: bit-identical results would mean the wasm
    // path never ran
    const x = randTensor(BIG16, 5),
      y = randTensor(BIG16, 6);
    expect(x.size).toBeGreaterThanOrEqual(EW_MIN);
    const sq = () => tf.tidy(() => tf.squaredDifference(tf.add(x, 0.1), y).dataSync());
    handle = installFastCpuKernels(tf, { mode: 'js' });
    const js = sq();
    handle = installFastCpuKernels(tf, { mode: 'wasm' });
    const wasm = sq();
    expect(relErr(wasm, js)).toBeLessThan(1e-6);
    expect(relErr(wasm, js)).toBeGreaterThan(0);
    tf.dispose([x, y]);
  });

  it('a threaded core runs them on its one-thread core over private memory (copies into shared memory are slower)', async () => {
    const core = createWasmCore({ threads: 2, workers: nodeThreadWorkers });
    expect(await core.threadsReady!(15_000)).toBe(2);
    const s = core.serialCore!();
    expect(core.serialCore!()).toBe(s);
    expect(core.f32.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(s.f32.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    const n = 100_003;
    const a = new Float32Array(n).map((_, i) => Math.sin(i)),
      b = new Float32Array(n).map((_, i) => Math.cos(i * 3));
    const o = binaryCore(core as Parameters<typeof binaryCore>[0], 'add', a, 'full', b, 'full', n, 1);
    let bad = -1;
    for (let i = 0; i < n && bad < 0; i++) if (o[i] !== Math.fround(a[i] + b[i])) bad = i;
    expect(bad).toBe(-1);
    // the operands went through the private heap, not the shared one
    expect(Array.from(s.f32.subarray(s.base, s.base + 8))).toEqual(Array.from(a.subarray(0, 8)));
    core.dispose!();
  });
});
