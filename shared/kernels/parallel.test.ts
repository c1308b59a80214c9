// Which kernels split across threads by default (conv.ts GEMM_MIN_PARALLEL and the other per-kernel minimums,
// measured with bench/lenetKernels.ts): LeNet-5's batch-64 kernels that lost time split stay on one thread, the ones
// that gained still split, and minParallelWork (0 in the thread tests) still overrides every minimum.
import { describe, expect, it } from 'vitest';
import {
  CONV_DW_DIRECT_MIN_PARALLEL,
  CONV_FWD_DIRECT_MIN_PARALLEL,
  GEMM_MIN_PARALLEL,
  piecesFor,
  POOL_MIN_PARALLEL,
} from './conv';
import type { Core } from './core';

const core = (threads: number, minParallelWork?: number) => ({ threads, minParallelWork }) as unknown as Core;
const gemm = (c: Core, M: number, N: number, K: number) =>
  piecesFor(c, M * N * K, Math.max(Math.floor(M / 4), Math.floor(N / 8)), GEMM_MIN_PARALLEL);
// work as convForwardDirect / convBackpropFilterDirect count it: M * K * OC padded (to 8 forward, to 4 for dW)
const fwd = (c: Core, M: number, K: number, OCp: number) =>
  piecesFor(c, M * K * OCp, Math.ceil(M / 4), CONV_FWD_DIRECT_MIN_PARALLEL);
const dw = (c: Core, M: number, K: number, OCp: number) =>
  piecesFor(c, M * K * OCp, Math.ceil(M / 4), CONV_DW_DIRECT_MIN_PARALLEL);
const pool = (c: Core, outs: number, N: number) => piecesFor(c, outs * 4, N, POOL_MIN_PARALLEL);

describe('per-kernel minimums for splitting across threads', () => {
  const two = core(2);
  it('LeNet-5 batch 64: the kernels measured slower split stay on one thread', () => {
    for (const [K, N] of [
      [400, 120],
      [120, 84],
      [84, 10],
    ]) {
      expect(gemm(two, 64, N, K), `forward ${K}x${N}`).toBe(1);
      expect(gemm(two, K, N, 64), `dW ${K}x${N}`).toBe(1);
      expect(gemm(two, 64, K, N), `dX ${K}x${N}`).toBe(1);
    }
    expect(fwd(two, 64 * 28 * 28, 25, 8), 'conv1 forward').toBe(1);
    expect(dw(two, 64 * 28 * 28, 25, 8), 'conv1 dW').toBe(1);
    expect(dw(two, 64 * 10 * 10, 150, 16), 'conv2 dW').toBe(1);
    expect(pool(two, 64 * 14 * 14 * 6, 64), 'pool1').toBe(1);
  });
  it('the ones that gained, and bigger nets, still split', () => {
    expect(fwd(two, 64 * 10 * 10, 150, 16), 'LeNet conv2 forward').toBeGreaterThan(1);
    expect(gemm(two, 64 * 16 * 16, 32, 16), 'ResNet-20 1x1 projection').toBeGreaterThan(1);
    expect(dw(two, 64 * 32 * 32, 27, 16), 'ResNet-20 stem dW').toBeGreaterThan(1);
    expect(pool(two, 256 * 14 * 14 * 6, 256), 'pool1 at batch 256').toBeGreaterThan(1);
  });
  it('one thread never splits; minParallelWork overrides every minimum', () => {
    expect(gemm(core(1), 4096, 256, 256)).toBe(1);
    const zero = core(2, 0);
    expect(gemm(zero, 64, 10, 84)).toBeGreaterThan(1);
    expect(fwd(zero, 64 * 28 * 28, 25, 8)).toBeGreaterThan(1);
    expect(dw(zero, 64 * 28 * 28, 25, 8)).toBeGreaterThan(1);
    expect(pool(zero, 64 * 14 * 14 * 6, 64)).toBeGreaterThan(1);
  });
});
