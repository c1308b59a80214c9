// The WebAssembly SIMD core: instantiates the embedded module (wasm/core-wasm.ts, generated from wasm/core.c)
// synchronously from bytes, so it works the same in Node and in a Web Worker (no fs, no fetch).
import {
  ACT_LINEAR,
  MAX_HEAP_BYTES,
  ScratchError,
  type ConvGeom,
  type Core,
  type Job,
  type ResidentHeap,
} from './core';
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
  bias_act(y: number, M: number, N: number, bias: number, hasBias: number, act: number, alpha: number): void;
}

export { MAX_HEAP_BYTES };

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
  'conv_fwd_c1',
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
  'opt_update',
];
const PAGES_MAX = MAX_HEAP_BYTES / 65536;

export interface WasmCoreOptions {
  /** Total threads including the caller; > 1 needs `workers`. Default 1. */
  threads?: number;
  workers?: WorkerFactory;
  /** See Core.minParallelWork. */
  minParallelWork?: number;
  /**
   * Byte address where the resident tensors (Core.resident, threaded cores only) start: the kernels' scratch lies
   * below it. Default RESIDENT_FROM_BYTES.
   */
  residentFromBytes?: number;
  /** Byte address the resident tensors must end below (default heapLimitBytes; tests set less to fill it). */
  residentLimitBytes?: number;
  /**
   * The heap's ceiling in bytes (default and at most MAX_HEAP_BYTES): tests set less to reach it with small tensors.
   * A one-thread core for the memory-bound kernels (serialCore) gets the same.
   */
  heapLimitBytes?: number;
}

/**
 * Default split of a threaded core's heap: the kernels' scratch below (ResNet-20 at batch 64 needs ~40 MB of it), the
 * resident tensors from here up to MAX_HEAP_BYTES. The memory only grows as far as the blocks in use reach (the pages
 * between the scratch's end and here are reserved, never touched).
 */
export const RESIDENT_FROM_BYTES = 256 << 20;

/** Blocks are 64-byte aligned (whole cache lines, and the SIMD loops' 16-byte alignment). */
const BLOCK_FLOATS = 16;

/**
 * The allocator of Core.resident over [from, limit) floats of `mem`: exact-size free lists (training allocates the
 * same sizes every step), first fit over merged neighbours once the top is reached. `grow(endBytes)` makes sure the
 * memory reaches endBytes (false if it cannot); `bufs` collects every buffer object the views are made on (a shared
 * memory hands out a new one after each growth; old ones stay valid).
 */
function createResidentHeap(
  mem: WasmMemory,
  bufs: WeakSet<object>,
  grow: (endBytes: number) => boolean,
  fromFloats: number,
  limitFloats: number,
): ResidentHeap & { start(): number; lowestLive(): number; moveStart(floats: number): void } {
  let start = fromFloats,
    top = start;
  const freeBySize = new Map<number, number[]>();
  let freeFloats = 0;
  const live = new Map<number, number>(); // offset -> block floats
  let liveFloats = 0;
  const views = new WeakMap<Float32Array, number>();
  let failed = 0;
  const addFree = (o: number, size: number) => {
    let list = freeBySize.get(size);
    if (!list) freeBySize.set(size, (list = []));
    list.push(o);
    freeFloats += size;
  };
  const take = (size: number): number => {
    const o = freeBySize.get(size)?.pop();
    if (o === undefined) return -1;
    freeFloats -= size;
    return o;
  };
  const bump = (size: number): number => {
    if (top + size > limitFloats || !grow((top + size) * 4)) return -1;
    const o = top;
    top += size;
    return o;
  };
  /** Merges neighbouring free blocks and gives a free run at the top back to the bump pointer. */
  const coalesce = () => {
    const blocks: Array<[number, number]> = [];
    for (const [size, list] of freeBySize) for (const o of list) blocks.push([o, size]);
    blocks.sort((a, b) => a[0] - b[0]);
    freeBySize.clear();
    freeFloats = 0;
    const merged: Array<[number, number]> = [];
    for (const [o, size] of blocks) {
      const last = merged[merged.length - 1];
      if (last && last[0] + last[1] === o) last[1] += size;
      else merged.push([o, size]);
    }
    const last = merged[merged.length - 1];
    if (last && last[0] + last[1] === top) {
      top = last[0];
      merged.pop();
    }
    for (const [o, size] of merged) addFree(o, size);
  };
  const firstFit = (size: number): number => {
    for (const [sz, list] of freeBySize) {
      if (sz < size || list.length === 0) continue;
      const o = list.pop()!;
      freeFloats -= sz;
      if (sz > size) addFree(o + size, sz - size);
      return o;
    }
    return -1;
  };
  return {
    alloc(n: number) {
      const size = Math.max(BLOCK_FLOATS, (n + BLOCK_FLOATS - 1) & ~(BLOCK_FLOATS - 1));
      let o = take(size);
      if (o < 0) o = bump(size);
      if (o < 0) {
        coalesce();
        o = take(size);
        if (o < 0) o = firstFit(size);
        if (o < 0) o = bump(size);
      }
      if (o < 0) {
        failed++;
        return null;
      }
      live.set(o, size);
      liveFloats += size;
      const v = new Float32Array(mem.buffer, o * 4, n);
      bufs.add(v.buffer);
      views.set(v, o);
      return v;
    },
    free(a: Float32Array) {
      const o = views.get(a);
      if (o === undefined) return;
      views.delete(a);
      const size = live.get(o)!;
      live.delete(o);
      liveFloats -= size;
      addFree(o, size);
    },
    offsetOf: (a: Float32Array) => views.get(a) ?? -1,
    isHeapView: (a: unknown) => ArrayBuffer.isView(a) && bufs.has(a.buffer),
    stats: () => ({
      liveBytes: liveFloats * 4,
      liveBlocks: live.size,
      freeBytes: freeFloats * 4,
      topBytes: top * 4,
      limitBytes: limitFloats * 4,
      failed,
    }),
    start: () => start,
    lowestLive() {
      let m = Infinity;
      for (const o of live.keys()) m = Math.min(m, o);
      return m;
    },
    moveStart(floats: number) {
      // only while no live block lies below `floats`: the free ones there are dropped
      floats = (floats + BLOCK_FLOATS - 1) & ~(BLOCK_FLOATS - 1);
      coalesce();
      const keep: Array<[number, number]> = [];
      for (const [size, list] of freeBySize)
        for (const o of list) {
          if (o >= floats) keep.push([o, size]);
          else if (o + size > floats) keep.push([floats, o + size - floats]);
        }
      freeBySize.clear();
      freeFloats = 0;
      for (const [o, size] of keep) addFree(o, size);
      start = Math.max(start, floats);
      top = Math.max(top, start);
    },
  };
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
  const limit = Math.min(opts.heapLimitBytes ?? MAX_HEAP_BYTES, MAX_HEAP_BYTES);
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
  const bufs = new WeakSet<object>();
  const growTo = (endBytes: number): boolean => {
    const have = mem.buffer.byteLength;
    if (endBytes <= have) return true;
    // grow geometrically (at least 25%) so a growing net does not grow memory on every step
    const target = Math.max(endBytes, Math.min(limit, Math.floor(have * 1.25)));
    try {
      mem.grow(Math.ceil((target - have) / 65536));
    } catch {
      return false;
    }
    return true;
  };
  const resident =
    threads > 1
      ? createResidentHeap(
          mem,
          bufs,
          growTo,
          Math.ceil(Math.max(opts.residentFromBytes ?? RESIDENT_FROM_BYTES, heapBase) / 64) * 16,
          Math.floor(Math.min(opts.residentLimitBytes ?? limit, limit) / 4),
        )
      : undefined;
  const view = () => {
    bufs.add(mem.buffer);
    return new Float32Array(mem.buffer);
  };
  const core: Core = {
    mode: 'wasm',
    get threads() {
      return pool ? threads : 1;
    },
    minParallelWork: opts.minParallelWork,
    base,
    f32: view(),
    resident,
    reserve(n: number) {
      const need = (base + n) * 4;
      if (need > limit)
        throw new ScratchError(`fast-cpu kernels: one kernel needs ${need} bytes of scratch (limit ${limit})`, 'limit');
      if (resident && base + n > resident.lowestLive())
        throw new ScratchError(
          `fast-cpu kernels: one kernel needs ${need} bytes of scratch, past the tensors resident in the heap`,
          'resident',
        );
      // the resident blocks start above the scratch (only free ones can lie below `need`: dropped)
      if (resident && base + n > resident.start()) resident.moveStart(base + n);
      if (!growTo(need)) throw new ScratchError(`fast-cpu kernels: the heap could not grow to ${need} bytes`, 'grow');
      // grow detached the old view (a shared memory's old view stays valid but keeps its old length)
      if (core.f32.byteLength !== mem.buffer.byteLength) core.f32 = view();
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
    serialCore: threads > 1 ? () => (serial ??= createWasmCore({ threads: 1, heapLimitBytes: limit })) : undefined,
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
    biasAct: (y, M, N, bias, act, alpha) => {
      if (bias < 0 && act === ACT_LINEAR) return;
      ex.bias_act(y * 4, M, N, bias < 0 ? 0 : bias * 4, bias < 0 ? 0 : 1, act, alpha);
    },
  };
  return core;
}
