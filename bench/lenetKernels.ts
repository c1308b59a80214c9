// LeNet-5 (batch 64) kernels one by one on a 2-thread wasm core: split across the threads (as today) vs kept on one
// thread of the same core (what a higher minParallelWork does) vs the 1-thread core; interleaved, min and median ms.
// Run: npx tsx bench/lenetKernels.ts [reps]
import * as tf from '@tensorflow/tfjs';
import { loadavg } from 'node:os';
import { nodeThreadWorkers } from '../cli/threadWorkers';
import { convBackpropFilter, convBackpropInput, convForward, batchMatMul } from '../shared/kernels/conv';
import { maxPoolCore, maxPoolGradCore } from '../shared/kernels/pool';
import { createWasmCore } from '../shared/kernels/wasm-core';
import { randArray } from '../shared/kernels/testutil';
import type { Core } from '../shared/kernels/core';
import { tfInternals } from '../shared/kernels/tfjsInternals';

const bu = tfInternals(tf as never).backend_util;
const reps = Number(process.argv[2] ?? 40);
const conv = (x: number[], f: number[], pad: string) =>
  bu.computeConv2DInfo(x, f, 1, 1, pad, undefined, false, 'channelsLast');
const pool = (x: number[]) => bu.computePool2DInfo(x, 2, 2, 1, 'valid');
const r = (n: number, s: number) => randArray(n, s);
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

type Case = [string, number, (c: Core) => unknown];
const cases: Case[] = [];
for (const [name, x, f, pad] of [
  ['conv1', [64, 28, 28, 1], [5, 5, 1, 6], 'same'],
  ['conv2', [64, 14, 14, 6], [5, 5, 6, 16], 'valid'],
] as const) {
  const ci = conv([...x], [...f], pad);
  const xv = r(size([...x]), 1),
    wv = r(size([...f]), 2),
    dy = r(size(ci.outShape), 3);
  const macs = size(ci.outShape) * f[0] * f[1] * f[2];
  cases.push([`Conv2D ${name}`, macs, (c) => convForward(c, xv, wv, null, ci, 0, 0)]);
  cases.push([`Conv2DBackpropFilter ${name}`, macs, (c) => convBackpropFilter(c, xv, dy, ci)]);
  cases.push([`Conv2DBackpropInput ${name}`, macs, (c) => convBackpropInput(c, dy, wv, ci)]);
}
for (const [name, x] of [
  ['pool1', [64, 28, 28, 6]],
  ['pool2', [64, 10, 10, 16]],
] as const) {
  const ci = pool([...x]);
  const xv = r(size([...x]), 4),
    dy = r(size(ci.outShape), 5);
  cases.push([`MaxPool ${name}`, size(ci.outShape) * 4, (c) => maxPoolCore(c, xv, ci)]);
  cases.push([`MaxPoolGrad ${name}`, size(ci.outShape) * 4, (c) => maxPoolGradCore(c, xv, dy, ci)]);
}
for (const [K, N] of [
  [400, 120],
  [120, 84],
  [84, 10],
]) {
  const a = r(64 * K, 6),
    w = r(K * N, 7),
    dy = r(64 * N, 8);
  cases.push([
    `MatMul 64x${K}x${N}`,
    64 * K * N,
    (c) => batchMatMul(c, a, w, 1, 1, 64, N, K, false, false, null, 0, 0),
  ]);
  cases.push([
    `MatMul dW ${K}x64x${N}`,
    64 * K * N,
    (c) => batchMatMul(c, a, dy, 1, 1, K, N, 64, true, false, null, 0, 0),
  ]);
  cases.push([
    `MatMul dX 64x${N}x${K}`,
    64 * K * N,
    (c) => batchMatMul(c, dy, w, 1, 1, 64, K, N, false, true, null, 0, 0),
  ]);
}

const med = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
async function main() {
  const one = createWasmCore({ threads: 1 });
  const two = createWasmCore({ threads: 2, workers: nodeThreadWorkers });
  await two.threadsReady?.(15000);
  const mpw = two as { minParallelWork?: number };
  console.log(
    `load ${loadavg()
      .map((v) => v.toFixed(1))
      .join(' ')}; ${reps} reps, interleaved; ms min / median`,
  );
  console.log(
    `${'kernel'.padEnd(30)} ${'MACs'.padStart(9)}   1-thread core   2thr split   2thr unsplit   split/unsplit(min)`,
  );
  for (const [name, macs, fn] of cases) {
    const t: Record<string, number[]> = { one: [], split: [], unsplit: [] };
    for (let i = 0; i < reps + 3; i++)
      for (const m of ['one', 'split', 'unsplit'] as const) {
        const c = m === 'one' ? one : two;
        mpw.minParallelWork = m === 'unsplit' ? Number.MAX_SAFE_INTEGER : undefined;
        const t0 = performance.now();
        fn(c);
        const dt = performance.now() - t0;
        if (i >= 3) t[m].push(dt);
      }
    const cell = (v: number[]) => `${Math.min(...v).toFixed(3)} / ${med(v).toFixed(3)}`.padStart(15);
    console.log(
      `${name.padEnd(30)} ${String(macs).padStart(9)} ${cell(t.one)} ${cell(t.split)} ${cell(t.unsplit)}   ${(Math.min(...t.split) / Math.min(...t.unsplit)).toFixed(2)} / ${(med(t.split) / med(t.unsplit)).toFixed(2)}`,
    );
  }
  two.dispose?.();
  one.dispose?.();
  console.log(
    `load ${loadavg()
      .map((v) => v.toFixed(1))
      .join(' ')}`,
  );
}
main();
