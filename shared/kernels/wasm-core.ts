// The WebAssembly SIMD core: instantiates the embedded module (wasm/core-wasm.ts, generated from wasm/core.c)
// synchronously from bytes, so it works the same in Node and in a Web Worker (no fs, no fetch).
import { ACT_LINEAR, type ConvGeom, type Core, type Job, type PoolGeom } from './core';
import { ThreadPool, type PerThread, type WorkerFactory } from './threads';
import { CORE_MT_WASM_BASE64, CORE_WASM_BASE64 } from './wasm/core-wasm';

/**
 * The part of the WebAssembly API used here. Browsers, Web Workers and Node all have it, but only the DOM and
 * WebWorker type libraries declare it, and shared/ compiles without them (tsconfig.shared.json).
 */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}
const wasmApi = (): WasmApi | undefined => (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

interface CoreExports {
  memory?: WasmMemory;
  __heap_base: { value: unknown };
  im2col(...args: number[]): void;
  col2im(...args: number[]): void;
  gemm_nn(
    M: number,
    N: number,
    K: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    acc: number,
  ): void;
  gemm_tn(
    M: number,
    N: number,
    K: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    acc: number,
  ): void;
  maxpool_fwd(...args: number[]): void;
  maxpool_bwd(...args: number[]): void;
  bias_act(y: number, M: number, N: number, bias: number, hasBias: number, act: number, alpha: number): void;
}

/** Hard ceiling on the scratch heap (1 GiB): a kernel needing more throws instead of eating the machine. */
export const MAX_HEAP_BYTES = 1 << 30;

const fromBase64 = (b64: string): Uint8Array => {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
};
let cachedBytes: Uint8Array | null = null;
export function coreWasmBytes(): Uint8Array {
  return (cachedBytes ??= fromBase64(CORE_WASM_BASE64));
}
let cachedMtBytes: Uint8Array | null = null;
/** The threaded build (imports a shared memory `env.memory`). */
export function coreMtWasmBytes(): Uint8Array {
  return (cachedMtBytes ??= fromBase64(CORE_MT_WASM_BASE64));
}

/** Exports a thread job may call (the worker looks them up by index). */
export const JOB_EXPORTS = [
  'conv_fwd_rows',
  'conv_dw_rows',
  'conv_dx_rows',
  'gemm_nn',
  'gemm_tn',
  'bias_act_bits',
  'sum_rows',
  'conv_fwd_direct',
  'pad_images',
  'take_cols',
  'transpose',
  'conv_dw_direct',
  'maxpool_fwd',
  'maxpool_bwd',
  'ew_ff',
  'ew_fr',
  'ew_fl',
  'ew_unary',
  'ew_unary_grad',
  'bn_fwd',
  'bn_grad',
  'reduce_sum',
  'avgpool_fwd',
  'avgpool_bwd',
];
const PAGES_MAX = MAX_HEAP_BYTES / 65536;

export interface WasmCoreOptions {
  /** Total threads including the caller; > 1 needs `workers`. Default 1. */
  threads?: number;
  workers?: WorkerFactory;
  /** See Core.minParallelWork. */
  minParallelWork?: number;
}

/** true, or the reason the SIMD core cannot run here. */
export function wasmSimdSupported(): true | string {
  const wasm = wasmApi();
  if (typeof wasm !== 'object' || typeof wasm.validate !== 'function') return 'WebAssembly is unavailable';
  try {
    if (!wasm.validate(coreWasmBytes())) return 'WebAssembly SIMD (simd128) is unavailable';
  } catch (e) {
    return `WebAssembly validation failed: ${(e as Error).message}`;
  }
  return true;
}

// Compiled once per process: compiling anew on every install (a bench switching modes, a session re-installing with
// another thread count) started V8's optimising compile again in the background each time, and the kernels ran on its
// baseline (Liftoff) code meanwhile, burning ~0.5 extra CPU while running slower.
let compiled: object | null = null;
let compiledMt: object | null = null;

export function createWasmCore(opts: WasmCoreOptions = {}): Core {
  const wasm = wasmApi()!;
  const threads = Math.max(1, Math.floor(opts.threads ?? 1));
  let mem: WasmMemory;
  let ex: CoreExports;
  let pool: ThreadPool | null = null;
  if (threads > 1) {
    if (!opts.workers) throw new Error('fast-cpu threads: no worker factory was given');
    const bytes = coreMtWasmBytes();
    mem = new wasm.Memory({ initial: 256, maximum: PAGES_MAX, shared: true });
    ex = new wasm.Instance((compiledMt ??= new wasm.Module(bytes)), { env: { memory: mem } }).exports as CoreExports;
    pool = new ThreadPool(threads, bytes, mem, JOB_EXPORTS, opts.workers);
  } else {
    ex = new wasm.Instance((compiled ??= new wasm.Module(coreWasmBytes())), {}).exports as CoreExports;
    mem = ex.memory!;
  }
  const exf = ex as unknown as Record<string, (...args: number[]) => void>;
  const self = (job: Job) => exf[job[0]](...(job.slice(1) as number[]));
  const heapBase = ((ex.__heap_base.value as number) + 63) & ~63;
  const base = heapBase >> 2;
  const g = (G: ConvGeom) => [G.H, G.W, G.C, G.KH, G.KW, G.SH, G.SW, G.DH, G.DW, G.padT, G.padL, G.OH, G.OW] as const;
  let serial: Core | null = null;
  const core: Core = {
    mode: 'wasm',
    get threads() {
      return pool ? threads : 1;
    },
    minParallelWork: opts.minParallelWork,
    base,
    f32: new Float32Array(mem.buffer),
    reserve(n: number) {
      const need = (base + n) * 4;
      if (need > MAX_HEAP_BYTES)
        throw new Error(`fast-cpu kernels: one kernel needs ${need} bytes of scratch (limit ${MAX_HEAP_BYTES})`);
      const have = mem.buffer.byteLength;
      if (need > have) {
        // grow geometrically (at least 25%) so a growing net does not grow memory on every step
        const target = Math.max(need, Math.min(MAX_HEAP_BYTES, Math.floor(have * 1.25)));
        mem.grow(Math.ceil((target - have) / 65536));
      }
      // grow detached the old view (a shared memory's old view stays valid but keeps its old length)
      if (core.f32.byteLength !== mem.buffer.byteLength) core.f32 = new Float32Array(mem.buffer);
    },
    run(jobs: readonly Job[], perThread?: PerThread) {
      if (pool) pool.run(jobs, self, perThread);
      else for (const j of jobs) self(j);
    },
    runStreamed(jobs: readonly Job[], before: (k: number) => void, after: (k: number) => void, perThread?: PerThread) {
      if (pool) pool.runStreamed(jobs, self, before, after, perThread);
      else
        jobs.forEach((j, k) => {
          before(k);
          self(j);
          after(k);
        });
    },
    serialCore: threads > 1 ? () => (serial ??= createWasmCore({ threads: 1 })) : undefined,
    dispose() {
      pool?.dispose();
      pool = null;
    },
    async threadsReady(timeoutMs: number) {
      if (pool && !(await pool.whenReady(timeoutMs))) {
        pool.dispose();
        pool = null;
      }
      return core.threads;
    },
    heapBytes: () => mem.buffer.byteLength,
    im2col: (G, x, m0, mc, col) => ex.im2col(x * 4, ...g(G), m0, mc, col * 4),
    col2im: (G, col, m0, mc, dx) => ex.col2im(col * 4, ...g(G), m0, mc, dx * 4),
    gemmNN: (M, N, K, a, lda, b, ldb, c, ldc, acc) =>
      ex.gemm_nn(M, N, K, a * 4, lda, b * 4, ldb, c * 4, ldc, acc ? 1 : 0),
    gemmTN: (M, N, K, a, lda, b, ldb, c, ldc, acc) =>
      ex.gemm_tn(M, N, K, a * 4, lda, b * 4, ldb, c * 4, ldc, acc ? 1 : 0),
    maxPoolFwd: (p: PoolGeom, x: number, y: number) =>
      ex.maxpool_fwd(x * 4, p.N, p.H, p.W, p.C, p.FH, p.FW, p.SH, p.SW, p.padT, p.padL, p.OH, p.OW, y * 4),
    maxPoolBwd: (p: PoolGeom, x: number, dy: number, dx: number) =>
      ex.maxpool_bwd(x * 4, dy * 4, p.N, p.H, p.W, p.C, p.FH, p.FW, p.SH, p.SW, p.padT, p.padL, p.OH, p.OW, dx * 4),
    biasAct: (y, M, N, bias, act, alpha) => {
      if (bias < 0 && act === ACT_LINEAR) return;
      ex.bias_act(y * 4, M, N, bias < 0 ? 0 : bias * 4, bias < 0 ? 0 : 1, act, alpha);
    },
  };
  return core;
}
