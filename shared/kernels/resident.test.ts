// Tensors resident in the shared wasm heap (alloc.ts, wasm-core.ts createResidentHeap, ewcore.ts): the allocator's
// reuse, merging and fallback when full; read-back arrays that never change afterwards; training that leaves neither
// tensors nor heap blocks behind; and results that do not depend on where the tensors live. Real worker_threads.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { nodeThreadWorkers } from '../../cli/threadWorkers';
import type { FastCpuOptions } from './index';
import { cyclicLabels, randTensor, relErr, sgdResBlockNet, TWO_THREADS, useFastCpu } from './testutil';
import { convBackpropFilter } from './conv';
import { tfInternals } from './tfjsInternals';
import { createWasmCore } from './wasm-core';

const fast = useFastCpu(TWO_THREADS);

const MB = 1 << 20;

describe('the resident heap allocator (threaded wasm core)', () => {
  it('reuses freed blocks, merges neighbours when full, returns null past its limit, survives memory growth', async () => {
    const core = createWasmCore({
      threads: 2,
      workers: nodeThreadWorkers,
      residentFromBytes: 4 * MB,
      residentLimitBytes: 5 * MB,
    });
    const r = core.resident!;
    expect(r).toBeDefined();
    // 1. a freed block of the same size comes back; a view knows its offset, other arrays have none
    const a = r.alloc(10_000)!;
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    const off = r.offsetOf(a);
    expect(off * 4).toBeGreaterThanOrEqual(4 * MB);
    expect(r.offsetOf(new Float32Array(10_000))).toBe(-1);
    expect(r.offsetOf(a.subarray(1))).toBe(-1);
    expect(r.isHeapView(a.subarray(1))).toBe(true);
    expect(r.isHeapView(new Float32Array(4))).toBe(false);
    a.fill(7);
    expect(core.f32[off + 123]).toBe(7); // the view is the heap
    r.free(a);
    expect(r.offsetOf(a)).toBe(-1);
    const b = r.alloc(10_000)!;
    expect(r.offsetOf(b)).toBe(off);
    // 2. the limit: 1 MB of room (262,144 floats) holds b's free block and four of 60,000 floats, not five
    r.free(b);
    const q = [0, 1, 2, 3].map(() => r.alloc(60_000)!);
    expect(q.every((v) => v !== null)).toBe(true);
    expect(r.alloc(60_000)).toBeNull();
    expect(r.stats().failed).toBe(1);
    q[0].fill(1.5);
    // 3. two freed neighbours merge into room for a block twice their size
    r.free(q[1]);
    r.free(q[2]);
    const big = r.alloc(2 * 60_000)!;
    expect(big).not.toBeNull();
    expect(r.offsetOf(big)).toBe(r.offsetOf(q[0]) + 60_000);
    expect(q[0][59_999]).toBe(1.5);
    // 4. the scratch grows under the blocks: old views stay valid (shared memory), offsets unchanged
    const before = core.heapBytes();
    core.reserve((4 * MB) / 4 - core.base - 64); // the scratch up to just below the blocks
    expect(core.heapBytes()).toBeGreaterThanOrEqual(before);
    expect(q[0][0]).toBe(1.5);
    expect(() => core.reserve((4 * MB) / 4 + 1024)).toThrow(/resident/); // never over a live block
    expect(q[0][0]).toBe(1.5);
    core.dispose!();
  });
});

describe('resident tensors through tfjs (2 threads)', () => {
  it('outputs live in the heap; a read-back array keeps its values after the tensor is disposed and its block reused', async () => {
    const handle = await fast.installReady();
    const n = 1 << 16;
    const x = randTensor([n], 3),
      y = randTensor([n], 4);
    const s0 = handle.bufferStats()!;
    const z = tf.tidy(() => tf.relu(tf.add(x, y))); // the add's output is resident, read in place by relu
    const s1 = handle.bufferStats()!;
    expect(s1.residentHits - s0.residentHits).toBe(2);
    expect(s1.residentBlocks).toBe(s0.residentBlocks + 1); // the add's block was freed by tidy
    const seen = z.dataSync();
    expect(seen.buffer).not.toBeInstanceOf(SharedArrayBuffer); // read back: moved out of the heap
    expect(handle.bufferStats()!.residentBlocks).toBe(s0.residentBlocks); // its block is free again
    const copy = Float32Array.from(seen);
    const want = Float32Array.from(x.dataSync(), (v, i) => Math.max(0, Math.fround(v + y.dataSync()[i])));
    expect(relErr(seen, want)).toBe(0);
    z.dispose();
    // the same sizes again, many times: the freed blocks are reused; the array read back never changes
    const hits = handle.bufferStats()!.residentHits;
    for (let i = 0; i < 6; i++) tf.dispose(tf.tidy(() => tf.relu(tf.mul(tf.add(x, tf.scalar(i)), y))));
    expect(handle.bufferStats()!.residentHits).toBeGreaterThan(hits);
    expect(seen).toEqual(copy);
    // a stock slice of a resident output is a copy, not a view into the heap
    const w = tf.relu(tf.sub(x, y));
    const sl = tf.slice(w, [0], [n / 2]);
    const slWant = Float32Array.from(x.dataSync().subarray(0, n / 2), (v, i) =>
      Math.max(0, Math.fround(v - y.dataSync()[i])),
    );
    w.dispose();
    for (let i = 0; i < 4; i++) tf.dispose(tf.tidy(() => tf.relu(tf.add(x, tf.scalar(i + 9)))));
    expect(sl.dataSync()).toEqual(slWant);
    tf.dispose([x, y, sl]);
  });

  it('convolutions and their gradients read resident inputs and write resident outputs in place: match stock', async () => {
    const cases: Array<[number, number, 1 | 2, 'same' | 'valid']> = [
      [3, 8, 1, 'same'],
      [16, 16, 1, 'same'],
      [16, 32, 2, 'same'],
      [20, 6, 1, 'valid'], // output channels padded to 8 on the way
      [8, 16, 2, 'valid'],
      [1, 6, 1, 'same'], // LeNet's conv1: the direct filter gradient reads resident dy rows of 6 floats 8 wide
    ];
    const f = (x: tf.Tensor, w: tf.Tensor, r: tf.Tensor, s: 1 | 2, pad: 'same' | 'valid') =>
      // relu's output (resident) feeds the conv, whose output (resident) feeds the multiply
      tf.sum(tf.mul(tf.conv2d(tf.relu(x) as tf.Tensor4D, w as tf.Tensor4D, s, pad), r));
    const runAll = () =>
      cases.map(([C, OC, s, pad], i) => {
        const x = randTensor([8, 16, 16, C], 40 + i),
          w = randTensor([3, 3, C, OC], 50 + i);
        const oh = pad === 'same' ? 16 / s : Math.floor((16 - 3) / s) + 1;
        const r = randTensor([8, oh, oh, OC], 60 + i);
        const gs = tf.grads((a: tf.Tensor, b: tf.Tensor) => f(a, b, r, s, pad))([x, w]);
        const got = gs.map((g) => g.dataSync().slice());
        tf.dispose([x, w, r, ...gs]);
        return got;
      });
    const ref = runAll(); // stock
    const handle = await fast.installReady();
    const h0 = handle.bufferStats()!.residentHits;
    const got = runAll();
    expect(handle.bufferStats()!.residentHits - h0).toBeGreaterThan(cases.length * 4);
    expect(handle.stats().Conv2D.fast).toBe(cases.length);
    got.forEach((g, i) => g.forEach((v, j) => expect(relErr(v, ref[i][j]), `case ${i} grad ${j}`).toBeLessThan(1e-4)));
  });

  it('no tensor or heap growth over 20 training steps; same losses as with the tensors outside the heap', async () => {
    const losses: number[][] = [];
    for (const residentTensors of [false, true]) {
      const handle = await fast.installReady({ residentTensors });
      const model = sgdResBlockNet([16, 16, 3], 8);
      const x = randTensor([32, 16, 16, 3], 5, 0, 1);
      const y = cyclicLabels(32);
      const ls: number[] = [];
      const step = async () => ls.push((await model.trainOnBatch(x, y)) as number);
      await step();
      await step();
      const m0 = tf.memory(),
        s0 = handle.bufferStats()!,
        h0 = handle.heapBytes();
      for (let i = 0; i < 20; i++) await step();
      const m1 = tf.memory(),
        s1 = handle.bufferStats()!;
      expect(m1.numTensors, 'tensors').toBe(m0.numTensors);
      expect(m1.numBytes, 'tensor bytes').toBe(m0.numBytes);
      expect(s1.residentBytes, 'resident bytes').toBe(s0.residentBytes);
      expect(s1.residentBlocks, 'resident blocks').toBe(s0.residentBlocks);
      expect(s1.residentTopBytes, 'resident region').toBe(s0.residentTopBytes);
      expect(handle.heapBytes(), 'heap').toBe(h0);
      if (residentTensors) {
        expect(s1.residentHits - s0.residentHits).toBeGreaterThan(20 * 10);
        expect(s1.residentMisses).toBe(0);
      } else expect(s1.residentHits).toBe(0);
      losses.push(ls);
      model.dispose();
      tf.dispose([x, y]);
      // the model's weights were resident: with the model gone, nothing is
      if (residentTensors) expect(handle.bufferStats()!.residentBlocks).toBe(0);
      fast.uninstall();
    }
    // the same up to the rounding of sums split over the threads (outside the heap they run on one thread)
    expect(relErr(losses[1], losses[0])).toBeLessThan(1e-5);
  }, 120_000);

  it('a full heap falls back to ordinary arrays, with the same results', async () => {
    const train = async (extra: FastCpuOptions) => {
      const handle = await fast.installReady(extra);
      const model = sgdResBlockNet([16, 16, 3], 8);
      const x = randTensor([32, 16, 16, 3], 6, 0, 1);
      const y = cyclicLabels(32, 3);
      const ls: number[] = [];
      for (let i = 0; i < 4; i++) ls.push((await model.trainOnBatch(x, y)) as number);
      const stats = handle.bufferStats()!;
      const w = model.getWeights().map((t) => t.dataSync().slice());
      model.dispose();
      tf.dispose([x, y]);
      fast.uninstall();
      return { ls, stats, w };
    };
    const roomy = await train({});
    // room for a few of the 32x16x16x8 activations (256 KB each), not for a step's worth
    const tight = await train({ residentFromBytes: 64 * MB, residentLimitBytes: 64 * MB + MB });
    expect(roomy.stats.residentMisses).toBe(0);
    expect(tight.stats.residentHits).toBeGreaterThan(0);
    expect(tight.stats.residentMisses).toBeGreaterThan(0);
    // up to the rounding of sums split over the threads (kernels whose output fell back run on one thread)
    expect(relErr(tight.ls, roomy.ls)).toBeLessThan(1e-5);
    tight.w.forEach((w, i) => expect(relErr(w, roomy.w[i])).toBeLessThan(1e-5));
  }, 120_000);

  it('a resident dy read wider than its rows, ending where the memory ends, is copied instead (no read past the heap)', async () => {
    // dy [8, 32, 32, 6] = 49,152 floats = 3 pages exactly, alone in the resident region: its block ends where the
    // memory does, so conv_dw_direct's 8-float-wide reads of its last row would run 2 floats past the heap
    // the region: the last 3 pages of the memory a threaded core starts with
    const probe = createWasmCore({ threads: 2, workers: nodeThreadWorkers });
    const end = probe.heapBytes();
    probe.dispose?.();
    const core = createWasmCore({
      threads: 2,
      workers: nodeThreadWorkers,
      residentFromBytes: end - 3 * 65536,
      residentLimitBytes: end,
      minParallelWork: 0,
    });
    try {
      expect(await core.threadsReady!(15_000)).toBe(2);
      const bu = tfInternals(tf as never).backend_util;
      const ci = bu.computeConv2DInfo([8, 32, 32, 1], [5, 5, 1, 6], 1, 1, 'same', undefined, false, 'channelsLast');
      const xv = randTensor([8, 32, 32, 1], 70).dataSync() as Float32Array;
      const dyPlain = randTensor([8, 32, 32, 6], 71).dataSync() as Float32Array;
      const dy = core.resident!.alloc(dyPlain.length)!;
      dy.set(dyPlain);
      expect(core.resident!.offsetOf(dy) + dy.length).toBe(core.heapBytes() / 4); // the heap ends with dy
      const want = convBackpropFilter(core, xv, dyPlain, ci).slice();
      const got = convBackpropFilter(core, xv, dy, ci);
      expect(relErr(got, want)).toBeLessThan(1e-6);
      core.resident!.free(dy);
    } finally {
      core.dispose?.();
    }
  });
});
