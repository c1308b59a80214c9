// The threaded wasm core (real worker_threads over one shared WebAssembly.Memory) against stock tfjs and against
// itself on one thread: every kernel the threads split, over strides, paddings, dilation, 1x1 and odd sizes, for 1,
// 2 and 3 threads; no tensor leaks; workers really end on uninstall. minParallelWork 0 makes even the small cases
// split, so every boundary (odd rows, whole images, column splits, partial-dW sums) is exercised.
import * as tf from '@tensorflow/tfjs';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodeThreadWorkers } from '../../cli/threadWorkers';
import { installFastCpuKernels, type FastCpuHandle, type WorkerFactory } from './index';
import { randTensor, relErr } from './testutil';
import { createWasmCore } from './wasm-core';
import { autoThreads, MAX_JOBS, threadsSupported } from './threads';
import { splitRange } from './conv';

const TOL = 1e-4;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

let handle: FastCpuHandle | null = null;
afterEach(() => {
  handle?.uninstall();
  handle = null;
});

type Case = { name: string; inputs: Record<string, tf.Tensor>; attrs: Record<string, unknown> };

function run(c: Case): Float32Array {
  const out = tf.engine().runKernel(c.name, c.inputs as any, c.attrs as any) as tf.Tensor;
  const v = out.dataSync() as Float32Array;
  out.dispose();
  return v;
}

function cases(): Case[] {
  const out: Case[] = [];
  const conv: { x: number[]; f: number[]; s: number | [number, number]; pad: any; d?: number }[] = [
    { x: [3, 9, 9, 3], f: [3, 3, 3, 5], s: 1, pad: 'same' },
    { x: [2, 8, 8, 4], f: [3, 3, 4, 8], s: 2, pad: 'same' },
    { x: [3, 7, 10, 3], f: [3, 2, 3, 4], s: [2, 1], pad: 'valid' },
    { x: [5, 11, 9, 2], f: [5, 5, 2, 6], s: 1, pad: 'valid' },
    { x: [3, 6, 6, 16], f: [1, 1, 16, 32], s: 1, pad: 'valid' },
    { x: [2, 8, 8, 8], f: [1, 1, 8, 16], s: 2, pad: 'same' },
    { x: [1, 9, 8, 3], f: [3, 3, 3, 4], s: [1, 2], pad: 2 },
    { x: [3, 10, 10, 3], f: [3, 3, 3, 4], s: 1, pad: 'same', d: 2 },
    { x: [7, 28, 28, 1], f: [5, 5, 1, 6], s: 1, pad: 'same' },
    { x: [5, 9, 13, 1], f: [3, 4, 1, 11], s: 1, pad: 'same' }, // conv_fwd_c1: 8/4/1-pixel tiles, 8 + 3 channels
    { x: [4, 16, 16, 9], f: [3, 3, 9, 13], s: 2, pad: 'valid' },
    { x: [2, 33, 31, 64], f: [3, 3, 64, 20], s: 1, pad: 'same' }, // several im2col chunks per thread
  ];
  conv.forEach((c, i) => {
    const x = randTensor(c.x, 10 + i),
      f = randTensor(c.f, 100 + i),
      b = randTensor([c.f[3]], 200 + i);
    const info = tf.backend_util.computeConv2DInfo(c.x as any, c.f as any, c.s, c.d ?? 1, c.pad);
    const dy = randTensor(info.outShape, 300 + i);
    const common = { strides: c.s, pad: c.pad, dataFormat: 'NHWC' };
    out.push({ name: 'Conv2D', inputs: { x, filter: f }, attrs: { ...common, dilations: c.d ?? 1 } });
    out.push({
      name: 'FusedConv2D',
      inputs: { x, filter: f, bias: b },
      attrs: { ...common, dilations: c.d ?? 1, activation: i % 2 ? 'relu' : 'leakyrelu', leakyreluAlpha: 0.1 },
    });
    if (!c.d) {
      out.push({ name: 'Conv2DBackpropFilter', inputs: { x, dy }, attrs: { ...common, filterShape: c.f } });
      out.push({ name: 'Conv2DBackpropInput', inputs: { dy, filter: f }, attrs: { ...common, inputShape: c.x } });
    }
  });
  const pools: { x: number[]; k: [number, number]; s: [number, number]; pad: any }[] = [
    { x: [3, 8, 8, 3], k: [2, 2], s: [2, 2], pad: 'valid' },
    { x: [5, 9, 7, 5], k: [3, 3], s: [2, 2], pad: 'same' },
    { x: [4, 28, 28, 6], k: [2, 2], s: [2, 2], pad: 'valid' },
  ];
  pools.forEach((p, i) => {
    const x = tf.relu(randTensor(p.x, 50 + i)); // ties: the first maximum must win on every thread count
    const attrs = { filterSize: p.k, strides: p.s, pad: p.pad, dimRoundingMode: undefined };
    const y = tf.engine().runKernel('MaxPool', { x }, attrs as any) as tf.Tensor;
    const dy = randTensor(y.shape, 60 + i);
    out.push({ name: 'MaxPool', inputs: { x }, attrs });
    out.push({ name: 'MaxPoolGrad', inputs: { dy, input: x, output: y }, attrs });
  });
  const mm: { a: number[]; b: number[]; tA: boolean; tB: boolean }[] = [
    { a: [64, 400], b: [400, 120], tA: false, tB: false },
    { a: [64, 400], b: [64, 120], tA: true, tB: false }, // a dense layer's dW = x^T dy
    { a: [64, 120], b: [400, 120], tA: false, tB: true },
    { a: [5, 7], b: [7, 67], tA: false, tB: false }, // few rows: split by columns
    { a: [3, 13, 9], b: [3, 9, 11], tA: false, tB: false },
  ];
  mm.forEach((m, i) => {
    const a = randTensor(m.a, 70 + i),
      b = randTensor(m.b, 80 + i);
    out.push({ name: 'BatchMatMul', inputs: { a, b }, attrs: { transposeA: m.tA, transposeB: m.tB } });
    const n = m.tB ? m.b[m.b.length - 2] : m.b[m.b.length - 1];
    const bias = randTensor([n], 90 + i);
    out.push({
      name: '_FusedMatMul',
      inputs: { a, b, bias },
      attrs: { transposeA: m.tA, transposeB: m.tB, activation: 'relu' },
    });
  });
  return out;
}

/** The real Node factory, counting live workers (a worker counts until its 'exit' event). */
function countingFactory() {
  const live = new Set<Worker>();
  let started = 0;
  const factory: WorkerFactory = (src) => {
    const w = nodeThreadWorkers(src) as Worker;
    started++;
    live.add(w);
    w.once('exit', () => live.delete(w));
    return w;
  };
  return { factory, live, started: () => started };
}

const waitFor = async (cond: () => boolean, ms = 10_000) => {
  const t0 = Date.now();
  while (!cond() && Date.now() - t0 < ms) await new Promise((r) => setTimeout(r, 20));
  return cond();
};

describe('threaded wasm core', () => {
  it('Node has what threads need; auto thread count is cores - 1, at least 1', () => {
    expect(threadsSupported()).toBe(true);
    expect([autoThreads(1), autoThreads(2), autoThreads(8), autoThreads(undefined)]).toEqual([1, 1, 7, 1]);
  });

  it('every threaded kernel matches stock on 1, 2 and 3 threads, and N threads match 1 thread', async () => {
    const cs = cases();
    const ref = cs.map(run);
    const byThreads: Float32Array[][] = [];
    for (const threads of [1, 2, 3]) {
      const { factory } = countingFactory();
      handle = installFastCpuKernels(tf, { mode: 'wasm', threads, workers: factory, minParallelWork: 0 });
      expect(await handle.threadsReady()).toBe(threads); // the workers run (before that the caller does all)
      expect(handle.threadNote).toBeUndefined();
      const got = cs.map(run);
      const stats = handle.stats();
      for (const c of new Set(cs.map((c) => c.name))) expect(stats[c].fallback, c).toBe(0);
      got.forEach((g, i) => {
        const c = cs[i];
        const label = `${threads} threads: ${c.name} ${JSON.stringify(Object.values(c.inputs).map((t) => t.shape))}`;
        expect(relErr(g, ref[i]), label).toBeLessThan(TOL);
      });
      byThreads.push(got);
      handle.uninstall();
      handle = null;
    }
    // thread count changes only the order of the partial-dW sums
    for (const t of [1, 2])
      byThreads[t].forEach((g, i) => expect(relErr(g, byThreads[0][i]), cs[i].name).toBeLessThan(1e-5));
    tf.dispose(cs.flatMap((c) => Object.values(c.inputs)));
  }, 120_000);

  it('jobs outnumber threads: every thread takes the next job, each in its own per-thread scratch', async () => {
    const { factory } = countingFactory();
    const core = createWasmCore({ threads: 3, workers: factory });
    try {
      expect(await core.threadsReady!(10_000)).toBe(3);
      const n = 100,
        len = 37;
      const src = core.base,
        dst = src + n * len,
        scratch = dst + n * len; // 3 threads x n rows: job j writes row j of its thread's copy
      core.reserve(n * len * 5);
      const h = core.f32;
      for (let i = 0; i < n * len; i++) h[src + i] = i + 1;
      h.fill(0, dst, scratch + 3 * n * len);
      // sum_rows(dst, src, 1, _, len) copies a row: 100 jobs on 3 threads, each job exactly once
      core.run!(Array.from({ length: n }, (_, j) => ['sum_rows', (dst + j * len) * 4, (src + j * len) * 4, 1, 0, len]));
      for (let i = 0; i < n * len; i++) if (h[dst + i] !== i + 1) throw new Error(`job of row ${Math.floor(i / len)}`);
      core.run!(
        Array.from({ length: n }, (_, j) => ['sum_rows', (scratch + j * len) * 4, (src + j * len) * 4, 1, 0, len]),
        { args: [0], stride: n * len * 4 },
      );
      // each row landed in exactly one thread's copy, and the copies hold every row once
      for (let j = 0; j < n; j++) {
        const copies = [0, 1, 2].filter((t) => h[scratch + t * n * len + j * len] !== 0);
        expect(copies.length, `row ${j}`).toBe(1);
        expect(h[scratch + copies[0] * n * len + j * len + len - 1]).toBe(j * len + len);
      }
      expect(() => core.run!(Array.from({ length: MAX_JOBS + 1 }, () => ['sum_rows', 0, 0, 0, 0, 0]))).toThrow(
        /at most 256/,
      );
    } finally {
      core.dispose!();
    }
  }, 30_000);

  it('no leaks while training on 3 threads; the workers end on uninstall', async () => {
    const { factory, live, started } = countingFactory();
    handle = installFastCpuKernels(tf, { mode: 'wasm', threads: 3, workers: factory, minParallelWork: 0 });
    expect(started()).toBe(2); // the caller is thread 0
    expect(await handle.threadsReady()).toBe(3);
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [12, 12, 2], filters: 6, kernelSize: 3, activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 5, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: tf.train.sgd(0.05), loss: 'categoricalCrossentropy' });
    const x = randTensor([16, 12, 12, 2], 1);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0], 'int32'), 5);
    await model.trainOnBatch(x, y);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    model.dispose();
    expect(live.size).toBe(2);
    handle.uninstall();
    handle = null;
    expect(await waitFor(() => live.size === 0), 'workers exited').toBe(true);
  }, 60_000);

  it('workers that never start: the kernels run on the caller meanwhile, then on one thread, saying why', async () => {
    const ended: boolean[] = [];
    const deaf: WorkerFactory = () => ({ postMessage: () => undefined, terminate: () => ended.push(true) });
    handle = installFastCpuKernels(tf, { mode: 'wasm', threads: 3, workers: deaf, minParallelWork: 0 });
    const c = cases().slice(0, 4);
    const got = c.map(run); // must not hang waiting for workers that never start
    handle.uninstall();
    const want = c.map(run);
    got.forEach((g, i) => expect(relErr(g, want[i]), c[i].name).toBeLessThan(TOL));
    handle = installFastCpuKernels(tf, { mode: 'wasm', threads: 3, workers: deaf, minParallelWork: 0 });
    expect(await handle.threadsReady(200)).toBe(1);
    expect([handle.threads, ended.length]).toEqual([1, 4]);
    expect(handle.threadNote).toMatch(/did not start/);
    expect(relErr(run(c[0]), want[0])).toBeLessThan(TOL);
    tf.dispose(c.flatMap((k) => Object.values(k.inputs)));
  });

  it('falls back to one thread, saying why, without a worker factory or for the plain-JS core', () => {
    handle = installFastCpuKernels(tf, { mode: 'wasm', threads: 4 });
    expect(handle.threads).toBe(1);
    expect(handle.threadNote).toMatch(/no worker threads/);
    handle.uninstall();
    const { factory, started } = countingFactory();
    handle = installFastCpuKernels(tf, { mode: 'js', threads: 4, workers: factory });
    expect([handle.threads, started()]).toEqual([1, 0]);
    expect(handle.threadNote).toMatch(/plain-JS/);
  });

  it('streamed rounds: each job is copied in before any thread runs it and out once it is done, exactly once', async () => {
    for (const T of [1, 2, 3]) {
      const core = createWasmCore({ threads: T, workers: nodeThreadWorkers });
      expect(await core.threadsReady!(15_000)).toBe(T);
      const n = 50_003,
        P = 37;
      core.reserve(2 * n + 8);
      const x = core.base,
        o = x + ((n + 3) & ~3);
      const rs = splitRange(n, P, 4);
      const jobs = rs.map(([i0, i1]) => ['ew_unary', 1 /* square */, (x + i0) * 4, (o + i0) * 4, i1 - i0] as const);
      for (let round = 0; round < 30; round++) {
        const src = new Float32Array(n).map((_, i) => ((i * 7 + round * 13) % 101) - 50);
        const out = new Float32Array(n).fill(NaN);
        // yesterday's floats where the inputs go: a job that ran before its copy would square them
        core.f32.fill(round + 1000, x, o + n);
        const after = new Array<number>(rs.length).fill(0);
        core.runStreamed!(
          jobs,
          (k) => core.f32.set(src.subarray(rs[k][0], rs[k][1]), x + rs[k][0]),
          (k) => {
            after[k]++;
            out.set(core.f32.subarray(o + rs[k][0], o + rs[k][1]), rs[k][0]);
          },
        );
        expect(
          after.every((c) => c === 1),
          `${T} threads, round ${round}: each job copied out once`,
        ).toBe(true);
        let bad = -1;
        for (let i = 0; i < n && bad < 0; i++) if (out[i] !== src[i] * src[i]) bad = i;
        expect(bad, `${T} threads, round ${round}: first wrong element`).toBe(-1);
      }
      // a copy that throws: the error reaches the caller, no job waits forever, and the next round works
      expect(() =>
        core.runStreamed!(
          jobs,
          (k) => {
            if (k === 5) throw new Error('copy failed');
          },
          () => undefined,
        ),
      ).toThrow('copy failed');
      const out = new Float32Array(n);
      core.f32.fill(3, x, x + n);
      core.runStreamed!(
        jobs,
        () => undefined,
        (k) => out.set(core.f32.subarray(o + rs[k][0], o + rs[k][1]), rs[k][0]),
      );
      expect(out.every((v) => v === 9)).toBe(true);
      core.dispose!();
    }
  }, 60_000);
});
