// The pooling kernels (pool.ts, wasm/core.c maxpool_* / avgpool_*) through tfjs against stock over odd sizes, channel
// counts that are not multiples of 4, strides, overlapping and non-overlapping windows, 'same' / 'valid' / explicit
// padding and windows wider than the stride or than the input; on the JS core and on the wasm core with 1 and 2 threads
// (minParallelWork 0 splits even the smallest), with inputs that are ordinary arrays and inputs resident in the shared
// heap (the output of a kernel of ours on a threaded core). And the average pooling kernels that tfjs runs are the wasm
// ones: their float32 sums round differently from the plain-JS double ones.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { nodeThreadWorkers } from '../../cli/threadWorkers';
import { avgPool, avgPoolCore, avgPoolGrad, avgPoolGradCore } from './pool';
import { randTensor, relErr, useFastCpu } from './testutil';
import type { FastCpuOptions } from './index';
import { createWasmCore } from './wasm-core';
import { tfInternals } from './tfjsInternals';

const fast = useFastCpu();

type Pad = 'same' | 'valid' | number;
interface PoolCase {
  x: number[];
  k: [number, number];
  s: [number, number];
  pad: Pad;
}

const POOLS: PoolCase[] = [
  { x: [64, 28, 28, 6], k: [2, 2], s: [2, 2], pad: 'valid' }, // LeNet-5's: windows tile the input
  { x: [5, 10, 10, 16], k: [2, 2], s: [2, 2], pad: 'valid' },
  { x: [3, 9, 7, 5], k: [3, 3], s: [1, 1], pad: 'same' }, // overlapping
  { x: [5, 9, 7, 8], k: [3, 3], s: [2, 2], pad: 'same' },
  { x: [4, 11, 13, 7], k: [2, 2], s: [2, 2], pad: 'valid' }, // odd: the last row and column in no window
  { x: [4, 11, 13, 7], k: [2, 2], s: [2, 2], pad: 'same' }, // odd: the last windows half in the padding
  { x: [3, 11, 10, 4], k: [3, 2], s: [2, 1], pad: 1 },
  { x: [2, 12, 12, 3], k: [2, 2], s: [3, 3], pad: 'valid' }, // stride past the window: gaps (C < 4: scalar lanes)
  { x: [3, 8, 9, 13], k: [1, 1], s: [2, 2], pad: 'valid' },
  { x: [6, 8, 8, 16], k: [8, 8], s: [1, 1], pad: 'valid' }, // global pooling
  { x: [3, 8, 9, 13], k: [8, 9], s: [8, 9], pad: 'valid' }, // global, as tiling windows
  { x: [3, 8, 8, 3], k: [2, 2], s: [2, 2], pad: 'valid' }, // tiling, C < 4
  { x: [2, 10, 10, 5], k: [2, 2], s: [2, 2], pad: 1 }, // tiling with the padding on top and left
];

interface Run {
  name: string;
  label: string;
  inputs: Record<string, tf.Tensor>;
  attrs: Record<string, unknown>;
}

function runs(): Run[] {
  const out: Run[] = [];
  let seed = 1;
  for (const p of POOLS) {
    const x = randTensor(p.x, seed++);
    const attrs = { filterSize: p.k, strides: p.s, pad: p.pad, dimRoundingMode: undefined };
    const info = tf.backend_util.computePool2DInfo(p.x as [number, number, number, number], p.k, p.s, 1, p.pad);
    const y = tf.maxPool(x as tf.Tensor4D, p.k, p.s, p.pad as 'same');
    const dy = randTensor(info.outShape, seed++);
    const label = (n: string) => `${n} ${JSON.stringify(p)}`;
    out.push({ name: 'MaxPool', label: label('MaxPool'), inputs: { x }, attrs });
    out.push({ name: 'AvgPool', label: label('AvgPool'), inputs: { x }, attrs });
    out.push({ name: 'MaxPoolGrad', label: label('MaxPoolGrad'), inputs: { dy, input: x, output: y }, attrs });
    out.push({ name: 'AvgPoolGrad', label: label('AvgPoolGrad'), inputs: { dy, input: x }, attrs });
  }
  // ties: relu'd inputs have whole windows of zeros, whose gradient goes to the first one in row-major order
  const xr = tf.relu(randTensor([3, 10, 9, 6], seed++));
  for (const p of [
    { k: [2, 2], s: [2, 2], pad: 'valid' },
    { k: [3, 3], s: [1, 1], pad: 'same' },
  ] as const) {
    const attrs = { filterSize: p.k, strides: p.s, pad: p.pad, dimRoundingMode: undefined };
    const y = tf.maxPool(xr as tf.Tensor4D, p.k as [number, number], p.s as [number, number], p.pad);
    const dy = randTensor(y.shape, seed++);
    out.push({
      name: 'MaxPoolGrad',
      label: `MaxPoolGrad ties ${JSON.stringify(p)}`,
      inputs: { dy, input: xr, output: y },
      attrs,
    });
  }
  return out;
}

/** Runs the kernel; `resident`: each input first goes through a kernel of ours (x + 0), so on a threaded core it
 * lies in the shared heap and the pooling reads it there. */
function run(r: Run, resident: boolean): Float32Array {
  return tf.tidy(() => {
    const inputs = resident
      ? Object.fromEntries(Object.entries(r.inputs).map(([k, t]) => [k, tf.add(t, tf.scalar(0))]))
      : r.inputs;
    const y = tf.engine().runKernel(r.name, inputs as never, r.attrs as never) as tf.Tensor;
    return y.dataSync() as Float32Array;
  });
}

const NAMES = ['MaxPool', 'AvgPool', 'MaxPoolGrad', 'AvgPoolGrad'];

describe('pooling kernels', () => {
  it('match stock on the JS core and on the wasm core on 1 and 2 threads, inputs ordinary or resident; no fallbacks, no leaks', async () => {
    const rs = runs();
    const ref = rs.map((r) => run(r, false));
    const opts: FastCpuOptions[] = [
      { mode: 'js' },
      { mode: 'wasm', threads: 1 },
      { mode: 'wasm', threads: 2, workers: nodeThreadWorkers, minParallelWork: 0 },
      { mode: 'wasm', threads: 2, workers: nodeThreadWorkers }, // the real thresholds
    ];
    const byOpt: Float32Array[][] = [];
    for (const o of opts) {
      const handle = await fast.installReady(o);
      const before = tf.memory().numTensors;
      const got: Float32Array[] = [];
      for (const resident of [false, true])
        rs.forEach((r, i) => {
          const g = run(r, resident);
          const label = `${JSON.stringify({ ...o, workers: undefined })} resident ${resident}: ${r.label}`;
          // max pooling picks values: exact; the gradients of overlapping windows and average pooling add in another
          // order (and in float32 on the wasm core)
          if (r.name === 'MaxPool') expect(relErr(g, ref[i]), label).toBe(0);
          else expect(relErr(g, ref[i]), label).toBeLessThan(1e-5);
          got.push(g);
        });
      expect(tf.memory().numTensors, 'tensors leaked').toBe(before);
      const stats = handle.stats();
      for (const n of NAMES) expect(stats[n].fallback, n).toBe(0);
      byOpt.push(got);
      fast.uninstall();
    }
    // the wasm core gives the same bits whatever the threads and wherever the inputs lie
    for (const t of [2, 3]) byOpt[t].forEach((g, i) => expect(relErr(g, byOpt[1][i]), `#${i}`).toBe(0));
    tf.dispose(rs.flatMap((r) => Object.values(r.inputs)));
  }, 120_000);

  it('on 2 threads the outputs are resident in the shared heap, as their inputs', async () => {
    const handle = await fast.installReady({ mode: 'wasm', threads: 2, workers: nodeThreadWorkers });
    const x = randTensor([8, 28, 28, 6], 21),
      dy = randTensor([8, 14, 14, 6], 22);
    const attrs = { filterSize: [2, 2], strides: [2, 2], pad: 'valid', dimRoundingMode: undefined };
    for (const [name, inputs] of [
      ['MaxPool', { x }],
      ['AvgPool', { x }],
      ['MaxPoolGrad', { dy, input: x, output: dy }],
      ['AvgPoolGrad', { dy, input: x }],
    ] as const) {
      const want = run({ name, label: name, inputs, attrs }, false);
      const before = handle.bufferStats()!.residentHits;
      const got = run({ name, label: name, inputs, attrs }, true);
      // one block per input's x + 0 (all of at least 4,096 floats) and one for the pooling's output
      expect(handle.bufferStats()!.residentHits - before, name).toBe(Object.keys(inputs).length + 1);
      expect(Array.from(got), name).toEqual(Array.from(want));
    }
    tf.dispose([x, dy]);
  }, 60_000);

  it('AvgPool and AvgPoolGrad run on the wasm core: the same bits as it, not the plain-JS rounding', async () => {
    // overlapping windows, so the gradient sums several taps; 2 threads split it
    const p = { x: [4, 13, 11, 7], k: [3, 3] as [number, number], s: [1, 1] as [number, number], pad: 'same' as const };
    const ci = tfInternals(tf as never).backend_util.computePool2DInfo(p.x, p.k, p.s, 1, p.pad);
    const x = randTensor(p.x, 11),
      dy = randTensor(ci.outShape, 12);
    const xv = x.dataSync() as Float32Array,
      dyv = dy.dataSync() as Float32Array;
    const core = createWasmCore({ threads: 1 });
    const wasmY = avgPoolCore(core, xv, ci).slice(),
      wasmDx = avgPoolGradCore(core, dyv, ci).slice();
    const jsY = avgPool(xv, ci),
      jsDx = avgPoolGrad(dyv, ci);
    expect(relErr(wasmY, jsY)).toBeGreaterThan(0);
    expect(relErr(wasmDx, jsDx)).toBeGreaterThan(0);
    const attrs = { filterSize: p.k, strides: p.s, pad: p.pad, dimRoundingMode: undefined };
    for (const o of [{ threads: 1 }, { threads: 2, workers: nodeThreadWorkers, minParallelWork: 0 }]) {
      const handle = await fast.installReady({ mode: 'wasm', ...o });
      const y = run({ name: 'AvgPool', label: '', inputs: { x }, attrs }, false);
      const dx = run({ name: 'AvgPoolGrad', label: '', inputs: { dy, input: x }, attrs }, false);
      expect(handle.stats().AvgPool.fallback).toBe(0);
      expect(Array.from(y)).toEqual(Array.from(wasmY));
      expect(Array.from(dx)).toEqual(Array.from(wasmDx));
      fast.uninstall();
    }
    tf.dispose([x, dy]);
  }, 60_000);
});
