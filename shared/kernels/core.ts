// The compute core: a flat float32 heap plus the hot loops (GEMM, im2col / col2im, bias + activation) that work on
// offsets into it. Two implementations share this interface: plain JS (this file) and WebAssembly SIMD
// (wasm-core.ts). Kernel drivers (conv.ts, matmul.ts) copy tensors into the heap, call the core, and copy results
// out, so the same driver code runs on both and the two can be tested against each other and against stock tfjs.
//
// All offsets and sizes are in float32 elements. Every driver calls reserve() once with its total need before it
// touches `f32`: reserve() may replace the heap (wasm memory.grow detaches old views), so views are re-read after it.
import type { PerThread } from './threads';

export type CoreMode = 'wasm' | 'js';

/** Activation codes shared with the C core (keep in sync with wasm/core.c). */
export const ACT_LINEAR = 0;
export const ACT_RELU = 1;
export const ACT_RELU6 = 2;
export const ACT_LEAKY = 3;

export interface ConvGeom {
  H: number;
  W: number;
  C: number;
  KH: number;
  KW: number;
  SH: number;
  SW: number;
  DH: number;
  DW: number;
  padT: number;
  padL: number;
  OH: number;
  OW: number;
}

export interface PoolGeom {
  N: number;
  H: number;
  W: number;
  C: number;
  FH: number;
  FW: number;
  SH: number;
  SW: number;
  padT: number;
  padL: number;
  OH: number;
  OW: number;
}

/** One thread's share of a kernel: an export of wasm/core.c and its i32 arguments (byte addresses for pointers). */
export type Job = readonly [string, ...number[]];

export interface Core {
  readonly mode: CoreMode;
  /** Threads the row-range jobs are split across (1 unless the threaded wasm core runs). */
  readonly threads: number;
  /** Multiply-adds below which a kernel stays on one thread (conv.ts MIN_PARALLEL_WORK unless set; tests use 0). */
  readonly minParallelWork?: number;
  /**
   * Runs the jobs and returns when all are done: each thread takes the next unclaimed job (dynamic scheduling), so
   * jobs may outnumber threads (see threads.ts MAX_JOBS); with one thread, runs them in turn. Arguments listed in
   * `perThread.args` get thread index * `perThread.stride` added (per-thread scratch; thread 0 runs them as given).
   * Only the wasm core has it: the drivers use the row-range exports through it, and the JS core keeps the chunk
   * loop in conv.ts.
   */
  run?(jobs: readonly Job[], perThread?: PerThread): void;
  /**
   * run() with thread 0's copies overlapped with the other threads' work: `before(k)` runs just before job k is handed
   * out (copy its input into the heap), `after(k)` once it is done, in any order (copy its output out). The
   * workers are woken before the first copy. With one thread: before, job, after for each job in turn.
   */
  runStreamed?(
    jobs: readonly Job[],
    before: (k: number) => void,
    after: (k: number) => void,
    perThread?: PerThread,
  ): void;
  /**
   * A one-thread wasm core over its own private (unshared) memory, for the memory-bound kernels (ewcore.ts) of a
   * threaded core: V8 copies into and out of a shared buffer word by word, ~1.7x slower than the memcpy of a private
   * one, and those kernels are mostly copies.
   */
  serialCore?(): Core;
  /**
   * Tensors resident in the (shared) heap: only a threaded wasm core has it. Output arrays allocated here let the
   * elementwise kernels run on every thread with no copy in or out (see alloc.ts, ewcore.ts).
   */
  resident?: ResidentHeap;
  /** Ends the worker threads; the core goes on, on one thread. */
  dispose?(): void;
  /** Resolves to the threads in use once the workers have started (after timeoutMs: 1, workers ended). */
  threadsReady?(timeoutMs: number): Promise<number>;
  /** Float index where the scratch heap starts (everything below belongs to the core itself). */
  readonly base: number;
  /** Current heap view; valid until the next reserve(). */
  f32: Float32Array;
  /**
   * Make sure floats [base, base + n) exist. May replace `f32`. Throws a ScratchError (changing nothing) when they
   * cannot be had; the kernel wrapper (index.ts) then carries on without this kernel.
   */
  reserve(n: number): void;
  /** Heap size in bytes (for the bounded-memory test). */
  heapBytes(): number;
  /** col[r, :] for output rows r in [m0, m0 + mc) of the flattened (n, oh, ow) index, row length KH*KW*C. */
  im2col(g: ConvGeom, x: number, m0: number, mc: number, col: number): void;
  /** Scatter-add of col rows back into dx (adjoint of im2col). dx must be zeroed by the caller. */
  col2im(g: ConvGeom, col: number, m0: number, mc: number, dx: number): void;
  /** C[M,N] (+)= A[M,K] * B[K,N]; A row stride lda, B row stride ldb, C row stride ldc. */
  gemmNN(
    M: number,
    N: number,
    K: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    acc: boolean,
  ): void;
  /** C[M,N] (+)= A^T * B where A is stored [K, M] with row stride lda. */
  gemmTN(
    M: number,
    N: number,
    K: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    acc: boolean,
  ): void;
  /** y[M,N] = act(y + bias[N]); bias < 0 means no bias. */
  biasAct(y: number, M: number, N: number, bias: number, act: number, alpha: number): void;
}

/**
 * Float32Array views on the shared heap, each over its own block, above the kernels' scratch: blocks are recycled by
 * exact size, neighbours merged when the heap is full; alloc returns null when there is no room (the caller falls back
 * to an ordinary array). A view stays valid when the memory grows (a shared buffer is never detached).
 */
export interface ResidentHeap {
  /** A view over a fresh block of n floats (garbage contents), or null when the heap is full. */
  alloc(n: number): Float32Array | null;
  /** Gives the block of a view from alloc back (no-op for anything else). */
  free(a: Float32Array): void;
  /** Float offset in the heap of a live view from alloc; -1 for any other array. */
  offsetOf(a: Float32Array): number;
  /** Whether `a` views this heap's memory (a block, a part of one, or the scratch). */
  isHeapView(a: unknown): boolean;
  stats(): {
    liveBytes: number;
    liveBlocks: number;
    freeBytes: number;
    topBytes: number;
    /** Where the blocks must end (the region is [start, limitBytes)). */
    limitBytes: number;
    failed: number;
  };
}

/**
 * Why Core.reserve could not give a kernel its scratch: `limit`, more than the heap may ever hold (MAX_HEAP_BYTES
 * or the install's heapLimitBytes); `resident`, past the lowest tensor resident in the heap (threaded core); `grow`, the memory would
 * not grow (the machine refused). Nothing was changed.
 */
export class ScratchError extends Error {
  constructor(
    message: string,
    readonly reason: 'limit' | 'resident' | 'grow',
  ) {
    super(message);
    this.name = 'ScratchError';
  }
}

/** Float offset of an array resident in the core's heap (Core.resident), else -1. */
export function residentAt(core: Core, a: Float32Array): number {
  return core.resident ? core.resident.offsetOf(a) : -1;
}

/**
 * Hard ceiling on a core's heap (1 GiB), both cores: a kernel needing more scratch throws a ScratchError instead of
 * eating the machine, and the kernel wrapper (index.ts) hands that call to the stock kernel.
 */
export const MAX_HEAP_BYTES = 1 << 30;

const MIN_HEAP_FLOATS = 1 << 16;

/** The plain-JS core; its heap (an ordinary Float32Array) doubles as kernels need, up to `heapLimitBytes`. */
export function createJsCore(heapLimitBytes = MAX_HEAP_BYTES): Core {
  const limit = Math.min(heapLimitBytes, MAX_HEAP_BYTES);
  const core: Core = {
    mode: 'js',
    threads: 1,
    base: 0,
    f32: new Float32Array(Math.min(MIN_HEAP_FLOATS, Math.floor(limit / 4))),
    reserve(n: number) {
      if (n <= core.f32.length) return;
      if (n * 4 > limit)
        throw new ScratchError(
          `fast-cpu kernels: one kernel needs ${n * 4} bytes of scratch (limit ${limit})`,
          'limit',
        );
      let len = core.f32.length;
      while (len < n) len *= 2;
      len = Math.min(len, Math.floor(limit / 4));
      try {
        core.f32 = new Float32Array(len);
      } catch (e) {
        // V8's RangeError when the process cannot have the memory: the old heap stays
        throw new ScratchError(
          `fast-cpu kernels: the heap could not grow to ${len * 4} bytes (${(e as Error).message})`,
          'grow',
        );
      }
    },
    heapBytes: () => core.f32.byteLength,
    im2col: (g, x, m0, mc, col) => im2colJs(core.f32, g, x, m0, mc, col),
    col2im: (g, col, m0, mc, dx) => col2imJs(core.f32, g, col, m0, mc, dx),
    gemmNN: (M, N, K, a, lda, b, ldb, c, ldc, acc) => gemmJs(core.f32, M, N, K, a, lda, 1, b, ldb, c, ldc, acc),
    gemmTN: (M, N, K, a, lda, b, ldb, c, ldc, acc) => gemmJs(core.f32, M, N, K, a, 1, lda, b, ldb, c, ldc, acc),
    biasAct: (y, M, N, bias, act, alpha) => biasActJs(core.f32, y, M, N, bias, act, alpha),
  };
  return core;
}

function im2colJs(h: Float32Array, g: ConvGeom, x: number, m0: number, mc: number, col: number): void {
  const { H, W, C, KH, KW, SH, SW, DH, DW, padT, padL, OH, OW } = g;
  const K = KH * KW * C;
  const ohw = OH * OW;
  let n = Math.floor(m0 / ohw);
  const rem = m0 - n * ohw;
  let oh = Math.floor(rem / OW);
  let ow = rem - oh * OW;
  for (let r = 0; r < mc; r++) {
    let dst = col + r * K;
    const ih0 = oh * SH - padT;
    const iw0 = ow * SW - padL;
    const xb = x + n * H * W * C;
    for (let kh = 0; kh < KH; kh++) {
      const ih = ih0 + kh * DH;
      if (ih < 0 || ih >= H) {
        h.fill(0, dst, dst + KW * C);
        dst += KW * C;
        continue;
      }
      const xrow = xb + ih * W * C;
      for (let kw = 0; kw < KW; kw++) {
        const iw = iw0 + kw * DW;
        if (iw < 0 || iw >= W) {
          for (let c = 0; c < C; c++) h[dst + c] = 0;
        } else {
          const src = xrow + iw * C;
          for (let c = 0; c < C; c++) h[dst + c] = h[src + c];
        }
        dst += C;
      }
    }
    if (++ow === OW) {
      ow = 0;
      if (++oh === OH) {
        oh = 0;
        n++;
      }
    }
  }
}

function col2imJs(h: Float32Array, g: ConvGeom, col: number, m0: number, mc: number, dx: number): void {
  const { H, W, C, KH, KW, SH, SW, DH, DW, padT, padL, OH, OW } = g;
  const K = KH * KW * C;
  const ohw = OH * OW;
  let n = Math.floor(m0 / ohw);
  const rem = m0 - n * ohw;
  let oh = Math.floor(rem / OW);
  let ow = rem - oh * OW;
  for (let r = 0; r < mc; r++) {
    let src = col + r * K;
    const ih0 = oh * SH - padT;
    const iw0 = ow * SW - padL;
    const xb = dx + n * H * W * C;
    for (let kh = 0; kh < KH; kh++) {
      const ih = ih0 + kh * DH;
      if (ih < 0 || ih >= H) {
        src += KW * C;
        continue;
      }
      const xrow = xb + ih * W * C;
      for (let kw = 0; kw < KW; kw++) {
        const iw = iw0 + kw * DW;
        if (iw >= 0 && iw < W) {
          const d = xrow + iw * C;
          for (let c = 0; c < C; c++) h[d + c] += h[src + c];
        }
        src += C;
      }
    }
    if (++ow === OW) {
      ow = 0;
      if (++oh === OH) {
        oh = 0;
        n++;
      }
    }
  }
}

/**
 * Plain-JS GEMM with 4x4 register tiles. A(i,k) = h[a + i*sai + k*sak]; B row-major [K, N] (ldb); C row-major.
 * Accumulates each tile in locals over the whole K, which is what makes V8 fast here.
 */
function gemmJs(
  h: Float32Array,
  M: number,
  N: number,
  K: number,
  a: number,
  sai: number,
  sak: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
  acc: boolean,
): void {
  const M4 = M - (M % 4);
  const N4 = N - (N % 4);
  for (let i = 0; i < M4; i += 4) {
    const a0 = a + i * sai,
      a1 = a0 + sai,
      a2 = a1 + sai,
      a3 = a2 + sai;
    for (let j = 0; j < N4; j += 4) {
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0,
        c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0,
        c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      let bp = b + j;
      let ak = 0;
      for (let k = 0; k < K; k++) {
        const x0 = h[a0 + ak],
          x1 = h[a1 + ak],
          x2 = h[a2 + ak],
          x3 = h[a3 + ak];
        const y0 = h[bp],
          y1 = h[bp + 1],
          y2 = h[bp + 2],
          y3 = h[bp + 3];
        c00 += x0 * y0;
        c01 += x0 * y1;
        c02 += x0 * y2;
        c03 += x0 * y3;
        c10 += x1 * y0;
        c11 += x1 * y1;
        c12 += x1 * y2;
        c13 += x1 * y3;
        c20 += x2 * y0;
        c21 += x2 * y1;
        c22 += x2 * y2;
        c23 += x2 * y3;
        c30 += x3 * y0;
        c31 += x3 * y1;
        c32 += x3 * y2;
        c33 += x3 * y3;
        bp += ldb;
        ak += sak;
      }
      let cp = c + i * ldc + j;
      if (acc) {
        h[cp] += c00;
        h[cp + 1] += c01;
        h[cp + 2] += c02;
        h[cp + 3] += c03;
        cp += ldc;
        h[cp] += c10;
        h[cp + 1] += c11;
        h[cp + 2] += c12;
        h[cp + 3] += c13;
        cp += ldc;
        h[cp] += c20;
        h[cp + 1] += c21;
        h[cp + 2] += c22;
        h[cp + 3] += c23;
        cp += ldc;
        h[cp] += c30;
        h[cp + 1] += c31;
        h[cp + 2] += c32;
        h[cp + 3] += c33;
      } else {
        h[cp] = c00;
        h[cp + 1] = c01;
        h[cp + 2] = c02;
        h[cp + 3] = c03;
        cp += ldc;
        h[cp] = c10;
        h[cp + 1] = c11;
        h[cp + 2] = c12;
        h[cp + 3] = c13;
        cp += ldc;
        h[cp] = c20;
        h[cp + 1] = c21;
        h[cp + 2] = c22;
        h[cp + 3] = c23;
        cp += ldc;
        h[cp] = c30;
        h[cp + 1] = c31;
        h[cp + 2] = c32;
        h[cp + 3] = c33;
      }
    }
    // column tail: 4 rows x 1 column at a time
    for (let j = N4; j < N; j++) {
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      let bp = b + j;
      let ak = 0;
      for (let k = 0; k < K; k++) {
        const y = h[bp];
        s0 += h[a0 + ak] * y;
        s1 += h[a1 + ak] * y;
        s2 += h[a2 + ak] * y;
        s3 += h[a3 + ak] * y;
        bp += ldb;
        ak += sak;
      }
      const cp = c + i * ldc + j;
      if (acc) {
        h[cp] += s0;
        h[cp + ldc] += s1;
        h[cp + 2 * ldc] += s2;
        h[cp + 3 * ldc] += s3;
      } else {
        h[cp] = s0;
        h[cp + ldc] = s1;
        h[cp + 2 * ldc] = s2;
        h[cp + 3 * ldc] = s3;
      }
    }
  }
  // row tail
  for (let i = M4; i < M; i++) {
    const ai = a + i * sai;
    for (let j = 0; j < N; j++) {
      let s = 0;
      let bp = b + j;
      let ak = ai;
      for (let k = 0; k < K; k++) {
        s += h[ak] * h[bp];
        bp += ldb;
        ak += sak;
      }
      const cp = c + i * ldc + j;
      if (acc) h[cp] += s;
      else h[cp] = s;
    }
  }
}

function biasActJs(h: Float32Array, y: number, M: number, N: number, bias: number, act: number, alpha: number): void {
  const end = y + M * N;
  if (bias >= 0) {
    for (let p = y; p < end; p += N) for (let j = 0; j < N; j++) h[p + j] += h[bias + j];
  }
  if (act === ACT_RELU) {
    // branch-free max(v, 0) on the float bits (activations are ~half negative: a branch mispredicts)
    const hi = new Int32Array(h.buffer, h.byteOffset, h.length);
    for (let p = y; p < end; p++) {
      const v = hi[p];
      hi[p] = v & ~(v >> 31);
    }
  } else if (act === ACT_RELU6) {
    for (let p = y; p < end; p++) {
      const v = h[p];
      h[p] = v < 0 ? 0 : v > 6 ? 6 : v;
    }
  } else if (act === ACT_LEAKY) {
    for (let p = y; p < end; p++) {
      const v = h[p];
      if (v < 0) h[p] = v * alpha;
    }
  }
}
