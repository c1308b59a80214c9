// Kernels that cannot have the wasm heap they need carry on instead of throwing (index.ts's kernel wrapper, alloc.ts
// BufferPool.begin/end/stopResident, wasm-core.ts reserve's ScratchError):
// 1. threaded core, scratch that would reach past the tensors resident in the heap: the resident tensors move out of
//    the heap (no more are placed there) and the kernel runs again, now with room;
// 2. scratch over the heap limit (1 GiB; the tests set less with heapLimitBytes), either core: the stock kernel runs
//    that call (our fused gradient kernels: their plain-JS code);
// 3. a heap that cannot grow (the OS refuses the memory): the same as 2, for that call only.
// Either way the blocks a failed kernel took go back, no tensor leaks, results match stock, and one console.warn says
// so. Real worker_threads. FASTCPU_BIG=1 adds the same at real sizes (a 224x224 net, the real 1 GiB limit).
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FastCpuHandle } from './index';
import { ScratchError } from './core';
import { cyclicLabels, randTensor, relErr, sgdResBlockNet, TWO_THREADS, useFastCpu } from './testutil';
import { createWasmCore } from './wasm-core';

const fast = useFastCpu(TWO_THREADS);
const MB = 1 << 20;

let warn: { mock: { calls: unknown[][] }; mockRestore(): void };
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());
const memoryWarning = () => warn.mock.calls.map((c) => String(c[0])).filter((m) => /fell back/.test(m));
const memoryWarnings = () => memoryWarning().length;

/** sum(conv(relu(conv(relu(x), w1)), w2) * r) and its gradients w.r.t. x, w1 and w2, read back. */
function twoConv(x: tf.Tensor, w1: tf.Tensor, w2: tf.Tensor, r: tf.Tensor): Float32Array[] {
  const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
    tf.sum(
      tf.mul(
        tf.conv2d(
          tf.relu(tf.conv2d(tf.relu(a) as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')),
          c as tf.Tensor4D,
          1,
          'same',
        ),
        r,
      ),
    ) as tf.Scalar;
  const { value, grads } = tf.valueAndGrads(f)([x, w1, w2]);
  const got = [value, ...grads].map((t) => t.dataSync<'float32'>().slice());
  tf.dispose([value, ...grads]);
  return got;
}

const expectClose = (got: Float32Array[], want: Float32Array[], what: string) =>
  got.forEach((g, i) => expect(relErr(g, want[i]), `${what}: output ${i}`).toBeLessThan(1e-4));

/** Live and free figures of the resident heap (free: free blocks plus the room above the top block). */
const residentFigures = (h: FastCpuHandle) => {
  const s = h.bufferStats()!;
  return { live: s.residentBytes, blocks: s.residentBlocks, free: s.residentFreeBytes };
};

describe('Core.reserve when there is no room', () => {
  it('throws a ScratchError that says why, changes nothing, and never grows the heap past its limit', () => {
    const KB = 1024;
    const core = createWasmCore({ heapLimitBytes: MB });
    const floatsTo = (bytes: number) => bytes / 4 - core.base;
    core.reserve(floatsTo(832 * KB)); // 13 pages
    expect(core.heapBytes()).toBe(832 * KB);
    core.reserve(floatsTo(840 * KB)); // grows by a quarter, but only up to the limit
    expect(core.heapBytes()).toBe(MB);
    const err = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      return null;
    };
    const e = err(() => core.reserve(floatsTo(MB) + 1));
    expect(e).toBeInstanceOf(ScratchError);
    expect((e as ScratchError).reason).toBe('limit');
    expect(core.heapBytes()).toBe(MB);
    // threaded: past the lowest live resident block
    const mt = createWasmCore({ threads: 2, workers: TWO_THREADS.workers, residentFromBytes: MB });
    const block = mt.resident!.alloc(1000)!;
    const r = err(() => mt.reserve(MB / 4));
    expect((r as ScratchError).reason).toBe('resident');
    mt.resident!.free(block);
    mt.reserve(MB / 4); // with the block gone there is room
    mt.dispose!();
  });
});

describe('scratch past the resident tensors (threaded core)', () => {
  it('moves the resident tensors out of the heap and runs the kernel with room: same as stock, nothing left behind', async () => {
    // relu(x) is resident at 128 KB; its own scratch (x copied in, 131 KB, above the core's 65 KB) would reach past
    // it: on main this threw
    const x = randTensor([2, 32, 32, 16], 1),
      w1 = randTensor([3, 3, 16, 16], 2, -0.3, 0.3),
      w2 = randTensor([3, 3, 16, 16], 3, -0.3, 0.3),
      r = randTensor([2, 32, 32, 16], 4);
    const ref = twoConv(x, w1, w2, r); // stock
    const h = await fast.installReady({ residentFromBytes: MB / 8, residentLimitBytes: 64 * MB });
    // a tensor resident before the trouble starts, held across it: it must move out with its values intact
    const held = tf.tidy(() => tf.relu(tf.add(tf.slice(x, [1, 0, 0, 0], [1, 16, 32, 16]), 0.25)));
    const heldWant = Float32Array.from(x.dataSync().subarray(32 * 32 * 16, 48 * 32 * 16), (v) =>
      Math.max(0, Math.fround(v + 0.25)),
    );
    expect(h.bufferStats()!.residentBlocks).toBeGreaterThan(0);
    const m0 = tf.memory();
    const got = twoConv(x, w1, w2, r);
    expectClose(got, ref, 'first run');
    const s = h.bufferStats()!;
    expect(s.residentStopped, 'resident tensors stopped').toBe(true);
    // every block is free again: the held tensor moved out, the failed kernel's output block went back
    expect(s.residentBlocks, 'resident blocks').toBe(0);
    expect(s.residentBytes, 'resident bytes').toBe(0);
    expect(tf.memory().numTensors, 'tensors').toBe(m0.numTensors);
    expect(tf.memory().numBytes, 'tensor bytes').toBe(m0.numBytes);
    expect(held.dataSync()).toEqual(heldWant);
    // the kernels ran again with room (ours, not stock), and later ones get their scratch: no more warnings
    expect(h.stats().Relu.fallback + h.stats().Conv2D.fallback).toBe(0);
    expect(memoryWarnings(), 'one warning').toBe(1);
    const hits = h.bufferStats()!.residentHits;
    expectClose(twoConv(x, w1, w2, r), ref, 'second run');
    expect(h.bufferStats()!.residentHits, 'no block handed out after the stop').toBe(hits);
    expect(memoryWarnings(), 'still one warning').toBe(1);
    expect(h.stats().Conv2D.fallback).toBe(0);
    tf.dispose([x, w1, w2, r, held]);
  }, 60_000);

  it('training goes on across the stop: the losses of a run with room, tf.memory() steady', async () => {
    const train = async (residentFromBytes?: number) => {
      const h = await fast.installReady({ residentFromBytes });
      const model = sgdResBlockNet([16, 16, 3], 8);
      const x = randTensor([16, 16, 16, 3], 7, 0, 1);
      const y = cyclicLabels(16, 3);
      const ls: number[] = [];
      const step = async () => ls.push((await model.trainOnBatch(x, y)) as number);
      await step();
      await step();
      const m0 = tf.memory();
      for (let i = 0; i < 6; i++) await step();
      expect(tf.memory().numTensors, 'tensors').toBe(m0.numTensors);
      expect(tf.memory().numBytes, 'tensor bytes').toBe(m0.numBytes);
      const stats = h.bufferStats()!;
      model.dispose();
      tf.dispose([x, y]);
      fast.uninstall();
      return { ls, stats };
    };
    const roomy = await train();
    expect(roomy.stats.residentStopped).toBe(false);
    const tight = await train(MB / 4); // 16x16x16x8 activations are 128 KB
    expect(tight.stats.residentStopped).toBe(true);
    expect(tight.stats.residentBlocks).toBe(0);
    expect(memoryWarnings()).toBe(1);
    // up to the rounding of sums split over the threads (after the stop the elementwise kernels run on one)
    expect(relErr(tight.ls, roomy.ls)).toBeLessThan(1e-5);
  }, 60_000);
});

describe('scratch over the heap limit: the stock kernel for that call', () => {
  it('threaded core: the output block the failed kernel took goes back; resident tensors carry on', async () => {
    // x [8, 64, 64, 64] (8.4 MB) plus its padded copy is over 16 MB; the output (1 MB) is resident before that shows
    const x = randTensor([8, 64, 64, 64], 11),
      w = randTensor([3, 3, 64, 8], 12, -0.2, 0.2);
    const conv = () => {
      const y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same');
      const v = y.dataSync().slice();
      y.dispose();
      return v;
    };
    const ref = conv();
    const h = await fast.installReady({ heapLimitBytes: 16 * MB, residentFromBytes: 4 * MB });
    const small = tf.tidy(() => tf.relu(tf.mul(tf.slice(x, [0, 0, 0, 0], [2, 64, 64, 64]), 2))); // resident
    const r0 = residentFigures(h),
      m0 = tf.memory();
    expect(r0.blocks).toBeGreaterThan(0);
    expect(relErr(conv(), ref)).toBeLessThan(1e-4);
    expect(h.stats().Conv2D).toEqual({ fast: 0, fallback: 1 });
    expect(residentFigures(h), 'resident heap as before').toEqual(r0);
    expect(tf.memory().numTensors).toBe(m0.numTensors);
    expect(tf.memory().numBytes).toBe(m0.numBytes);
    expect(memoryWarnings()).toBe(1);
    // resident tensors go on (only scratch past them stops them), and small convs still run ours
    expect(h.bufferStats()!.residentStopped).toBe(false);
    const y2 = tf.conv2d(small as tf.Tensor4D, w as tf.Tensor4D, 1, 'same');
    expect(h.stats().Conv2D.fast).toBe(1);
    expect(relErr(conv(), ref)).toBeLessThan(1e-4);
    expect(h.stats().Conv2D.fallback).toBe(2);
    expect(memoryWarnings(), 'warned once').toBe(1);
    tf.dispose([x, w, small, y2]);
  }, 60_000);

  it('single-thread core: convolutions, their gradients, elementwise and the fused relu gradient', async () => {
    // 256 KB of heap: the big kernels here need more (x, y and dy are 131 KB each, the core's own 65 KB below)
    const x = randTensor([2, 32, 32, 16], 21),
      w1 = randTensor([3, 3, 16, 16], 22, -0.3, 0.3),
      w2 = randTensor([3, 3, 16, 16], 23, -0.3, 0.3),
      r = randTensor([2, 32, 32, 16], 24);
    const ref = twoConv(x, w1, w2, r);
    const h = await fast.installReady({ threads: 1, heapLimitBytes: MB / 4 });
    expect(h.threads).toBe(1);
    const m0 = tf.memory();
    expectClose(twoConv(x, w1, w2, r), ref, 'on our kernels');
    expect(tf.memory().numTensors).toBe(m0.numTensors);
    expect(tf.memory().numBytes).toBe(m0.numBytes);
    const st = h.stats();
    for (const k of ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'Relu', 'Multiply'])
      expect(st[k].fallback, k).toBeGreaterThan(0);
    expect(memoryWarnings(), 'warned once').toBe(1);
    // the heap never grew past its limit for the kernels that did not fit
    expect(h.heapBytes()).toBeLessThanOrEqual(MB / 4);
    tf.dispose([x, w1, w2, r]);
  }, 60_000);
});

describe('plain-JS core (no wasm SIMD)', () => {
  it('keeps its heap under the limit too: the kernels that need more run stock, right values, one warning', () => {
    const x = randTensor([2, 32, 32, 16], 61),
      w1 = randTensor([3, 3, 16, 16], 62, -0.3, 0.3),
      w2 = randTensor([3, 3, 16, 16], 63, -0.3, 0.3),
      r = randTensor([2, 32, 32, 16], 64);
    const ref = twoConv(x, w1, w2, r);
    // the JS convs here need 512-768 KB of heap each: over a 512 KB limit, every one of them
    const h = fast.install({ mode: 'js', threads: 1, heapLimitBytes: MB / 2 });
    expect(h.mode).toBe('js');
    const m0 = tf.memory();
    expectClose(twoConv(x, w1, w2, r), ref, 'on the plain-JS core');
    expect(tf.memory().numTensors).toBe(m0.numTensors);
    expect(h.heapBytes()).toBeLessThanOrEqual(MB / 2);
    const st = h.stats();
    expect(st.Conv2DBackpropFilter.fallback + st.Conv2D.fallback, 'some convs fell back').toBeGreaterThan(0);
    expect(memoryWarnings(), 'warned once').toBe(1);
    // a conv that fits runs ours, under the same limit
    const sx = randTensor([1, 8, 8, 4], 65),
      sw = randTensor([3, 3, 4, 4], 66);
    const want = tf.tidy(() => {
      fast.uninstall();
      return tf.conv2d(sx as tf.Tensor4D, sw as tf.Tensor4D, 1, 'same').dataSync();
    });
    const h2 = fast.install({ mode: 'js', threads: 1, heapLimitBytes: MB / 2 });
    const got = tf.tidy(() => tf.conv2d(sx as tf.Tensor4D, sw as tf.Tensor4D, 1, 'same').dataSync());
    expect(h2.stats().Conv2D).toEqual({ fast: 1, fallback: 0 });
    expect(relErr(got, want)).toBeLessThan(1e-5);
    tf.dispose([x, w1, w2, r, sx, sw]);
  });
});

describe('the heap cannot grow (the OS refuses the memory)', () => {
  it('each call that needs more heap runs the stock kernel, right values; once memory is there again, ours run', async () => {
    const x = randTensor([2, 32, 32, 16], 51),
      w1 = randTensor([3, 3, 16, 16], 52, -0.3, 0.3),
      w2 = randTensor([3, 3, 16, 16], 53, -0.3, 0.3),
      r = randTensor([2, 32, 32, 16], 54);
    const ref = twoConv(x, w1, w2, r);
    const h = await fast.installReady({ threads: 1 });
    const heap0 = h.heapBytes();
    // V8's own error when the process has no memory left for the wasm heap
    const grow = vi.spyOn(WebAssembly.Memory.prototype, 'grow').mockImplementation(() => {
      throw new RangeError('WebAssembly.Memory.grow(): Unable to grow instance memory');
    });
    const m0 = tf.memory();
    try {
      expectClose(twoConv(x, w1, w2, r), ref, 'while the heap cannot grow');
      expect(grow).toHaveBeenCalled();
    } finally {
      grow.mockRestore();
    }
    expect(tf.memory().numTensors, 'no tensor leaked').toBe(m0.numTensors);
    expect(h.heapBytes(), 'the heap stayed as it was').toBe(heap0);
    const st = h.stats();
    for (const k of ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter'])
      expect(st[k].fallback, `${k} fell back`).toBeGreaterThan(0);
    expect(memoryWarnings(), 'warned once').toBe(1);
    expect(memoryWarning()[0]).toMatch(/could not grow/);
    // the fallback was per call: with memory again, the same calls run on our kernels
    const before = h.stats().Conv2D.fast;
    expectClose(twoConv(x, w1, w2, r), ref, 'after memory came back');
    expect(h.stats().Conv2D.fast).toBeGreaterThan(before);
    expect(h.heapBytes()).toBeGreaterThan(heap0);
    tf.dispose([x, w1, w2, r]);
  }, 60_000);
});

// Real sizes, opt-in (GBs of memory, minutes of CPU): FASTCPU_BIG=1 npx vitest run --project unit shared/kernels/fallback.test.ts
const big = !!process.env.FASTCPU_BIG;
if (!big)
  console.log('fallback.test.ts: the real-size cases are skipped (set FASTCPU_BIG=1 to run them: GBs, minutes)');
describe.runIf(big)('real sizes', () => {
  it('a 2-conv net at 224x224, 64 channels, batch 24, 2 threads: conv2 needs > 256 MB of scratch below the resident tensors', async () => {
    const x = randTensor([24, 224, 224, 3], 31, 0, 1),
      w1 = randTensor([3, 3, 3, 64], 32, -0.2, 0.2),
      w2 = randTensor([3, 3, 64, 64], 33, -0.05, 0.05),
      r = randTensor([24, 224, 224, 64], 34);
    const h = await fast.installReady();
    const got = twoConv(x, w1, w2, r);
    console.log('224x224 net:', memoryWarning()[0], JSON.stringify(h.stats()));
    expect(got.every((g) => g.every(Number.isFinite))).toBe(true);
    expect(h.bufferStats()!.residentStopped).toBe(true);
    expect(memoryWarnings()).toBe(1);
    tf.dispose([x, w1, w2, r]);
  }, 600_000);

  it('a 1x1 conv whose output alone is over the 1 GiB heap, single-thread core: stock, right values', async () => {
    const x = randTensor([1, 2048, 2048, 1], 41),
      w = randTensor([1, 1, 1, 66], 42);
    const h = await fast.installReady({ threads: 1 });
    const y = tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid');
    console.log('1x1 conv over 1 GiB:', memoryWarning()[0]);
    expect(h.stats().Conv2D).toEqual({ fast: 0, fallback: 1 });
    const yv = y.dataSync(),
      xv = x.dataSync(),
      wv = w.dataSync();
    for (const p of [0, 12345, 2048 * 2048 - 1])
      for (const o of [0, 65]) expect(yv[p * 66 + o]).toBeCloseTo(xv[p] * wv[o], 5);
    expect(memoryWarnings()).toBe(1);
    tf.dispose([x, w, y]);
  }, 600_000);
});
