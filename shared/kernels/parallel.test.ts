// Which GEMMs split across threads by default (conv.ts GEMM_MIN_PARALLEL, measured with bench/lenetKernels.ts):
// LeNet-5's small batch-64 matmuls, which lost time split, stay on one thread; bigger ones still split; and
// minParallelWork (0 in the thread tests) still overrides the minimum.
import { describe, expect, it } from 'vitest';
import { GEMM_MIN_PARALLEL, piecesFor } from './conv';
import type { Core } from './core';

const core = (threads: number, minParallelWork?: number) => ({ threads, minParallelWork }) as unknown as Core;
// as gemmPar counts it
const gemm = (c: Core, M: number, N: number, K: number) =>
  piecesFor(c, M * N * K, Math.max(Math.floor(M / 4), Math.floor(N / 8)), GEMM_MIN_PARALLEL);

describe('GEMM minimum for splitting across threads', () => {
  const two = core(2);
  it("LeNet-5 batch 64: the 120x84 and 84x10 dense layers' matmuls (forward, dW, dX) stay on one thread", () => {
    for (const [K, N] of [
      [120, 84],
      [84, 10],
    ]) {
      expect(gemm(two, 64, N, K), `forward ${K}x${N}`).toBe(1);
      expect(gemm(two, K, N, 64), `dW ${K}x${N}`).toBe(1);
      expect(gemm(two, 64, K, N), `dX ${K}x${N}`).toBe(1);
    }
  });
  it('bigger GEMMs still split: LeNet-5 400x120, a ResNet-20 1x1 projection', () => {
    expect(gemm(two, 64, 120, 400)).toBeGreaterThan(1);
    expect(gemm(two, 64 * 16 * 16, 32, 16)).toBeGreaterThan(1);
  });
  it('one thread never splits; minParallelWork overrides the minimum', () => {
    expect(gemm(core(1), 4096, 256, 256)).toBe(1);
    expect(gemm(core(2, 0), 64, 10, 84)).toBeGreaterThan(1);
  });
});
