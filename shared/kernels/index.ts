// Fast CPU training for tfjs: registers our own kernels on the `cpu` backend of the caller's tf instance.
// Everything not covered (NCHW, non-float32, unsupported activations or broadcasts) falls back to the stock kernel,
// and so does a call that cannot have the wasm heap it needs (see runGuarded).
//
//   const fast = installFastCpuKernels(tf);            // wasm SIMD when available, else plain JS
//   const js = installFastCpuKernels(tf, { mode: 'js' }); // force plain JS (switches an existing install)
//   fast.uninstall();                                   // stock kernels back, exactly
import {
  actCode,
  batchMatMul,
  convBackpropFilter,
  convBackpropInput,
  convForward,
  valuesOf,
  type ConvInfoLike,
} from './conv';
import { createJsCore, ScratchError, type Core, type CoreMode } from './core';
import {
  binary,
  batchNorm,
  contiguousReduction,
  relu,
  softmax,
  step,
  sumContiguous,
  tile,
  type BinOp,
} from './elementwise';
import { allocF32, BufferPool, makeOut } from './alloc';
import { batchToSpace, spaceToBatch, type Shape4 } from './batchspace';
import { coreEw, EW_MIN, EW_SQUARE, optimizerCore, unaryCore } from './ewcore';
import { installFusedGradients } from './grads';
import { installFusedOptimizers, type CoreUpdate } from './optimizer';
import { avgPoolCore, avgPoolGradCore, maxPoolCore, maxPoolGradCore } from './pool';
import { tfInternals, type KernelConfigLike } from './tfjsInternals';
import type { Backend, KernelArgs, TensorInfo, TF } from './types';
import { createWasmCore, wasmSimdSupported } from './wasm-core';
import { MAX_THREADS, threadsSupported, type WorkerFactory } from './threads';

export type { CoreMode } from './core';
export { autoThreads, MAX_THREADS, threadsSupported, type ThreadWorker, type WorkerFactory } from './threads';

export interface FastCpuOptions {
  /** 'wasm' (default when WebAssembly SIMD is available) or 'js' (plain JavaScript, works everywhere). */
  mode?: CoreMode;
  /** Replace the gradient functions of FusedBatchNorm, Mean, Square and Relu by single-pass kernels (default true). */
  fusedGradients?: boolean;
  /**
   * Update variables with one pass per variable in applyGradients of tfjs's SGD, Momentum, Adam and RMSProp
   * optimizers instead of ~2-14 ops each (default true; same numbers as stock; see optimizer.ts).
   */
  fusedOptimizers?: boolean;
  /** Recycle our kernels' output arrays when the cpu backend frees them (default true; see alloc.ts). */
  recycleBuffers?: boolean;
  /**
   * Threads for the wasm core, the caller included (default 1). More than 1 needs `workers` and shared memory
   * (SharedArrayBuffer; in a browser, a cross-origin-isolated page); where either is missing the kernels run on one
   * thread and `threadNote` says why. autoThreads(cores) gives the usual choice, cores - 1.
   */
  threads?: number;
  /** Starts the worker threads (platform layer: cli/threadWorkers.ts, renderer/training/worker.ts). */
  workers?: WorkerFactory;
  /** Multiply-adds below which a kernel stays on one thread (default conv.ts MIN_PARALLEL_WORK; tests use 0). */
  minParallelWork?: number;
  /**
   * On a threaded core, keep our kernels' outputs resident in the shared heap (default true; needs recycleBuffers;
   * see alloc.ts). The byte bounds of their region default to wasm-core.ts RESIDENT_FROM_BYTES and core.ts MAX_HEAP_BYTES.
   */
  residentTensors?: boolean;
  residentFromBytes?: number;
  residentLimitBytes?: number;
  /** The kernels' heap ceiling, either core (default and at most core.ts MAX_HEAP_BYTES, 1 GiB; tests set less). */
  heapLimitBytes?: number;
}

export interface FastCpuHandle {
  /** The core actually in use (a 'wasm' request falls back to 'js' where SIMD is unavailable; see note). */
  mode: CoreMode;
  /** Kernel names registered on the cpu backend (stock ones replaced, plus our FastCpu* gradient kernels). */
  kernels: string[];
  /** Ops whose gradient function was replaced by a fused one (restored by uninstall). */
  gradients: string[];
  /** tfjs optimizer classes whose applyGradients runs fused (restored by uninstall). */
  optimizers: string[];
  /** Restores the stock kernels (the exact original configs). Safe to call twice. */
  uninstall(): void;
  /** Why the requested mode was not used, if it was not. */
  note?: string;
  /** Threads the kernels run on (1 for the plain-JS core or when threads are unavailable). */
  readonly threads: number;
  /** Why fewer threads than requested run, if so (e.g. 'this page is not cross-origin isolated'). */
  readonly threadNote?: string;
  /**
   * Waits (asynchronously) until the worker threads have started and returns the thread count; if they have not
   * within `timeoutMs` (default 15 s), ends them, goes on with one thread and sets threadNote. Until then the
   * kernels simply run on the calling thread, so nothing needs to wait for this.
   */
  threadsReady(timeoutMs?: number): Promise<number>;
  /**
   * Bytes of wasm heap the core holds now: the scratch (bounded by the largest single kernel's working set) and, on a
   * threaded core with resident tensors, the region up to the highest resident block (see bufferStats).
   */
  heapBytes(): number;
  /** Calls per kernel since install: served by our code (`fast`) or handed to the stock kernel (`fallback`). */
  stats(): Record<string, { fast: number; fallback: number }>;
  /** Output-buffer pool figures (null when recycling is off). */
  bufferStats(): {
    hits: number;
    misses: number;
    pooledBytes: number;
    /** Outputs placed in the shared heap (threaded cores; see alloc.ts), and those that found it full. */
    residentHits: number;
    residentMisses: number;
    /** Bytes and blocks of resident tensor data now, and how far the resident blocks reach into the heap. */
    residentBytes: number;
    residentBlocks: number;
    residentTopBytes: number;
    /** Bytes of the resident region in no block (free blocks and the room above the top one). */
    residentFreeBytes: number;
    /**
     * A kernel's scratch would have reached past the resident tensors: they moved out of the heap and no more are
     * placed there for the rest of this install (see runGuarded).
     */
    residentStopped: boolean;
  } | null;
  /**
   * Lets go of the pooled output buffers (up to 1 GB while a big net trains): call when a training run
   * ends. Returns the bytes released. Training afterwards refills the pool from fresh allocations.
   */
  trimBuffers(): number;
}

interface InstallState {
  handle: FastCpuHandle;
  requested: string;
}

const installs = new WeakMap<object, InstallState>();

const isF32 = (t: TensorInfo | null | undefined): t is TensorInfo => !!t && t.dtype === 'float32';
const isNHWC = (df: unknown) => df == null || df === 'NHWC' || df === 'channelsLast';

function out(backend: Backend, shape: number[], values: Float32Array): TensorInfo {
  return makeOut(backend, shape, values);
}

type Fallback = (args: KernelArgs) => TensorInfo | TensorInfo[];

/** Kernel implementations; each returns null to ask for the stock kernel. */
function makeKernels(tf: TF, core: Core): Record<string, (a: KernelArgs) => TensorInfo | null> {
  const { backend_util: bu, util } = tfInternals(tf);

  const conv = (a: KernelArgs, fused: boolean): TensorInfo | null => {
    const { x, filter } = a.inputs;
    const { strides, pad, dataFormat, dilations, dimRoundingMode } = a.attrs;
    if (!isF32(x) || !isF32(filter) || !isNHWC(dataFormat) || x.shape.length !== 4) return null;
    let bias: Float32Array | null = null;
    let act = 0;
    let alpha = 0;
    if (fused) {
      act = actCode(a.attrs.activation);
      if (act < 0) return null;
      alpha = a.attrs.leakyreluAlpha ?? 0.2;
      const b = a.inputs.bias;
      if (b) {
        if (!isF32(b) || util.sizeFromShape(b.shape) !== filter.shape[3]) return null;
        bias = valuesOf(a.backend, b);
      }
    }
    const ci: ConvInfoLike = bu.computeConv2DInfo(
      x.shape,
      filter.shape,
      strides,
      dilations ?? 1,
      pad,
      dimRoundingMode,
      false,
      'channelsLast',
    );
    const y = convForward(core, valuesOf(a.backend, x), valuesOf(a.backend, filter), bias, ci, act, alpha);
    return out(a.backend, ci.outShape, y);
  };

  const pool2d = (a: KernelArgs, which: 'max' | 'avg'): TensorInfo | null => {
    const { x } = a.inputs;
    if (!isF32(x) || x.shape.length !== 4) return null;
    const { filterSize, strides, pad, dimRoundingMode } = a.attrs;
    const ci: ConvInfoLike = bu.computePool2DInfo(x.shape, filterSize, strides, 1, pad, dimRoundingMode);
    const xv = valuesOf(a.backend, x);
    return out(a.backend, ci.outShape, which === 'max' ? maxPoolCore(core, xv, ci) : avgPoolCore(core, xv, ci));
  };

  const matmul = (a: KernelArgs, fused: boolean): TensorInfo | null => {
    const A = a.inputs.a,
      B = a.inputs.b;
    if (!isF32(A) || !isF32(B) || A.shape.length < 2 || B.shape.length < 2) return null;
    const tA = !!a.attrs.transposeA,
      tB = !!a.attrs.transposeB;
    const ra = A.shape.length,
      rb = B.shape.length;
    const M = tA ? A.shape[ra - 1] : A.shape[ra - 2];
    const Ka = tA ? A.shape[ra - 2] : A.shape[ra - 1];
    const Kb = tB ? B.shape[rb - 1] : B.shape[rb - 2];
    const N = tB ? B.shape[rb - 2] : B.shape[rb - 1];
    if (Ka !== Kb) return null;
    const outerA = A.shape.slice(0, -2),
      outerB = B.shape.slice(0, -2);
    const Ba = util.sizeFromShape(outerA),
      Bb = util.sizeFromShape(outerB);
    const sameOuter = outerA.length === outerB.length && outerA.every((d: number, i: number) => d === outerB[i]);
    if (!sameOuter && Ba !== 1 && Bb !== 1) return null;
    const outer: number[] = bu.assertAndGetBroadcastShape(outerA, outerB);
    let bias: Float32Array | null = null;
    let act = 0,
      alpha = 0;
    if (fused) {
      act = actCode(a.attrs.activation);
      if (act < 0) return null;
      alpha = a.attrs.leakyreluAlpha ?? 0.2;
      const bi = a.inputs.bias;
      if (bi) {
        if (
          !isF32(bi) ||
          util.sizeFromShape(bi.shape) !== N ||
          (bi.shape.length > 1 && bi.shape[bi.shape.length - 1] !== N)
        )
          return null;
        bias = valuesOf(a.backend, bi);
      }
    }
    const y = batchMatMul(
      core,
      valuesOf(a.backend, A),
      valuesOf(a.backend, B),
      Ba,
      Bb,
      M,
      N,
      Ka,
      tA,
      tB,
      bias,
      act,
      alpha,
    );
    return out(a.backend, [...outer, M, N], y);
  };

  const reduce = (a: KernelArgs, mean: boolean): TensorInfo | null => {
    const { x } = a.inputs;
    if (!isF32(x)) return null;
    const axes: number[] = util.parseAxisParam(a.attrs.axis, x.shape);
    const r = contiguousReduction(x.shape, axes);
    if (!r) return null;
    const [outer, red, inner] = r;
    const outShape = a.attrs.keepDims
      ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
      : x.shape.filter((_, i) => !axes.includes(i));
    const y = sumContiguous(valuesOf(a.backend, x), outer, red, inner, mean ? 1 / red : 1, core);
    return out(a.backend, outShape, y);
  };

  const bin =
    (op: BinOp) =>
    (a: KernelArgs): TensorInfo | null => {
      const A = a.inputs.a,
        B = a.inputs.b;
      if (!isF32(A) || !isF32(B)) return null;
      const outShape: number[] = bu.assertAndGetBroadcastShape(A.shape, B.shape);
      const y = binary(op, valuesOf(a.backend, A), A.shape, valuesOf(a.backend, B), B.shape, outShape, core);
      return y ? out(a.backend, outShape, y) : null;
    };

  return {
    Conv2D: (a) => conv(a, false),
    FusedConv2D: (a) => conv(a, true),
    Conv2DBackpropFilter: (a) => {
      const { x, dy } = a.inputs;
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = a.attrs;
      if (!isF32(x) || !isF32(dy) || !isNHWC(dataFormat) || x.shape.length !== 4) return null;
      const ci: ConvInfoLike = bu.computeConv2DInfo(
        x.shape,
        filterShape,
        strides,
        1,
        pad,
        dimRoundingMode,
        false,
        'channelsLast',
      );
      if (ci.outShape.some((d, i) => d !== dy.shape[i])) return null;
      return out(a.backend, filterShape, convBackpropFilter(core, valuesOf(a.backend, x), valuesOf(a.backend, dy), ci));
    },
    Conv2DBackpropInput: (a) => {
      const { dy, filter } = a.inputs;
      const { strides, pad, dataFormat, dimRoundingMode, inputShape } = a.attrs;
      if (!isF32(dy) || !isF32(filter) || !isNHWC(dataFormat) || dy.shape.length !== 4) return null;
      const ci: ConvInfoLike = bu.computeConv2DInfo(
        inputShape,
        filter.shape,
        strides,
        1,
        pad,
        dimRoundingMode,
        false,
        'channelsLast',
      );
      if (ci.outShape.some((d, i) => d !== dy.shape[i])) return null;
      return out(
        a.backend,
        inputShape,
        convBackpropInput(core, valuesOf(a.backend, dy), valuesOf(a.backend, filter), ci),
      );
    },
    MaxPool: (a) => pool2d(a, 'max'),
    AvgPool: (a) => pool2d(a, 'avg'),
    MaxPoolGrad: (a) => {
      const { dy, input } = a.inputs;
      if (!isF32(dy) || !isF32(input) || input.shape.length !== 4) return null;
      const { filterSize, strides, pad, dimRoundingMode } = a.attrs;
      const ci: ConvInfoLike = bu.computePool2DInfo(input.shape, filterSize, strides, 1, pad, dimRoundingMode);
      return out(
        a.backend,
        input.shape,
        maxPoolGradCore(core, valuesOf(a.backend, input), valuesOf(a.backend, dy), ci),
      );
    },
    AvgPoolGrad: (a) => {
      const { dy, input } = a.inputs;
      if (!isF32(dy) || !input || input.shape.length !== 4) return null;
      const { filterSize, strides, pad } = a.attrs;
      const ci: ConvInfoLike = bu.computePool2DInfo(input.shape, filterSize, strides, 1, pad);
      return out(a.backend, input.shape, avgPoolGradCore(core, valuesOf(a.backend, dy), ci));
    },
    BatchMatMul: (a) => matmul(a, false),
    _FusedMatMul: (a) => matmul(a, true),
    Sum: (a) => reduce(a, false),
    Mean: (a) => reduce(a, true),
    Add: bin('add'),
    Sub: bin('sub'),
    Multiply: bin('mul'),
    RealDiv: bin('div'),
    SquaredDifference: bin('sqdiff'),
    Square: (a) => {
      const { x } = a.inputs;
      if (!isF32(x)) return null;
      const xv = valuesOf(a.backend, x);
      if (coreEw(core) && xv.length >= EW_MIN) return out(a.backend, x.shape, unaryCore(core, EW_SQUARE, xv));
      const y = allocF32(xv.length);
      for (let i = 0; i < xv.length; i++) {
        const v = xv[i];
        y[i] = v * v;
      }
      return out(a.backend, x.shape, y);
    },
    Relu: (a) =>
      isF32(a.inputs.x) ? out(a.backend, a.inputs.x.shape, relu(valuesOf(a.backend, a.inputs.x), core)) : null,
    Softmax: (a) => {
      const { logits } = a.inputs;
      if (!isF32(logits) || logits.shape.length === 0) return null;
      const rank = logits.shape.length;
      const dim = a.attrs.dim === -1 || a.attrs.dim == null ? rank - 1 : a.attrs.dim;
      // the stock kernel throws for any other axis: let it, with its own message
      if (dim !== rank - 1) return null;
      const cols = logits.shape[rank - 1];
      const rows = cols > 0 ? util.sizeFromShape(logits.shape) / cols : 0;
      return out(a.backend, logits.shape, softmax(valuesOf(a.backend, logits), rows, cols));
    },
    Step: (a) =>
      isF32(a.inputs.x)
        ? out(a.backend, a.inputs.x.shape, step(valuesOf(a.backend, a.inputs.x), a.attrs.alpha ?? 0))
        : null,
    Tile: (a) => {
      const { x } = a.inputs;
      const reps: number[] = a.attrs.reps;
      if (!isF32(x) || x.shape.length === 0 || reps.length !== x.shape.length) return null;
      return out(
        a.backend,
        x.shape.map((d, i) => d * reps[i]),
        tile(valuesOf(a.backend, x), x.shape, reps),
      );
    },
    SpaceToBatchND: (a) => {
      const { x } = a.inputs;
      const { blockShape, paddings } = a.attrs;
      if (!isF32(x) || x.shape.length !== 4 || blockShape?.length !== 2 || paddings?.length !== 2) return null;
      const r = spaceToBatch(valuesOf(a.backend, x), x.shape as unknown as Shape4, blockShape, paddings);
      return r && out(a.backend, r.shape, r.values);
    },
    BatchToSpaceND: (a) => {
      const { x } = a.inputs;
      const { blockShape, crops } = a.attrs;
      if (!isF32(x) || x.shape.length !== 4 || blockShape?.length !== 2 || crops?.length !== 2) return null;
      const r = batchToSpace(valuesOf(a.backend, x), x.shape as unknown as Shape4, blockShape, crops);
      return r && out(a.backend, r.shape, r.values);
    },
    FusedBatchNorm: (a) => {
      const { x, mean, variance, scale, offset } = a.inputs;
      if (!isF32(x) || !isF32(mean) || !isF32(variance) || (scale && !isF32(scale)) || (offset && !isF32(offset)))
        return null;
      const y = batchNorm(
        valuesOf(a.backend, x),
        valuesOf(a.backend, mean),
        valuesOf(a.backend, variance),
        scale ? valuesOf(a.backend, scale) : null,
        offset ? valuesOf(a.backend, offset) : null,
        a.attrs.varianceEpsilon ?? 0.001,
        core,
      );
      return out(a.backend, x.shape, y);
    },
  };
}

/**
 * Registers the fast kernels on tf's `cpu` backend. Idempotent: a second call with the same mode returns the
 * existing handle; a call with another mode replaces the install.
 */
export function installFastCpuKernels(tf: TF, opts: FastCpuOptions = {}): FastCpuHandle {
  const key = tf.engine() as unknown as object;
  const wanted: CoreMode = opts.mode ?? 'wasm';
  const wantThreads = Math.max(1, Math.min(MAX_THREADS, Math.floor(opts.threads ?? 1)));
  const requested = `${wanted}/${opts.fusedGradients !== false}/${opts.recycleBuffers !== false}/${wantThreads}/${opts.minParallelWork ?? ''}/${opts.fusedOptimizers !== false}`;
  const existing = installs.get(key);
  if (existing) {
    if (existing.requested === requested) return existing.handle;
    existing.handle.uninstall();
  }

  let core: Core;
  let note: string | undefined;
  let threadNote: string | undefined;
  if (wanted === 'wasm') {
    const why = wasmSimdSupported();
    if (why === true) {
      let threads = wantThreads;
      if (threads > 1) {
        const ok = opts.workers ? threadsSupported() : 'no worker threads in this environment';
        if (ok !== true) {
          threadNote = ok;
          threads = 1;
        }
      }
      try {
        try {
          core = createWasmCore({
            threads,
            workers: opts.workers,
            minParallelWork: opts.minParallelWork,
            residentFromBytes: opts.residentFromBytes,
            residentLimitBytes: opts.residentLimitBytes,
            heapLimitBytes: opts.heapLimitBytes,
          });
        } catch (e) {
          if (threads === 1) throw e;
          threadNote = `worker threads failed to start (${(e as Error).message})`;
          core = createWasmCore({ heapLimitBytes: opts.heapLimitBytes });
        }
      } catch (e) {
        note = `WebAssembly core failed to start (${(e as Error).message}); using plain-JS kernels.`;
        core = createJsCore(opts.heapLimitBytes);
      }
    } else {
      note = `${why}; using plain-JS kernels.`;
      core = createJsCore(opts.heapLimitBytes);
    }
  } else {
    core = createJsCore(opts.heapLimitBytes);
  }
  if (wantThreads > 1 && core.mode === 'js' && !threadNote) threadNote = 'the plain-JS kernels run on one thread';

  let pool: BufferPool | null = null;
  let warned = false;
  /**
   * impl(), or null when it cannot have the wasm heap it needs (a ScratchError from Core.reserve; anything else
   * is thrown on). The resident blocks it took go back first (no half-written output stays or reaches tfjs). Scratch
   * past the resident tensors: they move out of the heap for good (BufferPool.stopResident) and impl runs once more,
   * with the whole heap as its scratch; over the heap limit (1 GiB), null at once: the caller runs the stock kernel
   * for this call (or, for our own gradient kernels, their plain-JS code). One console.warn per install says so.
   */
  const runGuarded = <R>(name: string, impl: () => R): R | null => {
    for (let attempt = 0; ; attempt++) {
      const outer = pool?.begin() ?? null;
      let failed = true;
      try {
        const r = impl();
        failed = false;
        return r;
      } catch (e) {
        if (!(e instanceof ScratchError)) throw e;
        const retry = e.reason === 'resident' && attempt === 0 && !!pool && !pool.residentStopped;
        if (!warned) {
          warned = true;
          (globalThis as { console?: { warn(m: string): void } }).console?.warn(
            `fast-cpu kernels: ${name} fell back for memory (${e.message}); ` +
              (retry
                ? 'tensors no longer stay in the shared heap, so the kernels have all of it as scratch.'
                : 'calls like this one run in plain JavaScript (the stock tfjs kernel).'),
          );
        }
        if (!retry) return null;
      } finally {
        pool?.end(outer, failed);
      }
      pool!.stopResident();
    }
  };

  const impls = makeKernels(tf, core);
  const originals = new Map<string, KernelConfigLike>();
  const kernels: string[] = [];
  const counts: Record<string, { fast: number; fallback: number }> = {};
  for (const [name, impl] of Object.entries(impls)) {
    const orig = tfInternals(tf).getKernel(name, 'cpu');
    if (!orig) continue; // this tfjs build has no such cpu kernel: nothing to replace
    const fallback = orig.kernelFunc as unknown as Fallback;
    const c = (counts[name] = { fast: 0, fallback: 0 });
    const kernelFunc = (args: KernelArgs) => {
      const r = runGuarded(name, () => impl(args));
      if (r) {
        c.fast++;
        return r;
      }
      c.fallback++;
      return fallback(args);
    };
    tf.unregisterKernel(name, 'cpu');
    tfInternals(tf).registerKernel({
      ...orig,
      kernelName: name,
      backendName: 'cpu',
      kernelFunc: kernelFunc as KernelConfigLike['kernelFunc'],
    });
    originals.set(name, orig);
    kernels.push(name);
  }

  const grads =
    opts.fusedGradients === false
      ? null
      : installFusedGradients(tf, core, (name, onCore, plain) => (a) => runGuarded(name, () => onCore(a)) ?? plain(a));
  // the optimizer update of a variable of EW_MIN elements or more on the wasm core (guarded like a kernel: out of
  // heap, the JS loop takes it)
  const wasmUpdate: CoreUpdate | undefined = coreEw(core)
    ? (kind, p, g, state, params) =>
        p.length < EW_MIN ? null : runGuarded('optimizer update', () => optimizerCore(core, kind, p, g, state, params))
    : undefined;
  const optim = opts.fusedOptimizers === false ? null : installFusedOptimizers(tf, wasmUpdate);
  if (opts.recycleBuffers !== false) {
    pool = new BufferPool();
    if (opts.residentTensors !== false) pool.resident = core.resident ?? null;
    const cpu = tfInternals(tf).engine().findBackend('cpu');
    if (!pool.attach(cpu)) {
      pool = null;
      note = (note ? note + ' ' : '') + 'Output-buffer recycling disabled: cpu backend not recognised.';
    }
  }
  if (grads) kernels.push(...grads.kernels);

  let installed = true;
  const handle: FastCpuHandle = {
    mode: core.mode,
    get threads() {
      return core.threads;
    },
    get threadNote() {
      return threadNote;
    },
    async threadsReady(timeoutMs = 15_000) {
      const want = core.threads;
      const got = (await core.threadsReady?.(timeoutMs)) ?? core.threads;
      if (got < want) threadNote = `the worker threads did not start within ${Math.round(timeoutMs / 1000)} s`;
      return got;
    },
    kernels,
    gradients: grads?.gradients ?? [],
    optimizers: optim?.optimizers ?? [],
    note,
    heapBytes: () => core.heapBytes(),
    stats: () => JSON.parse(JSON.stringify(counts)),
    bufferStats: () => pool?.stats() ?? null,
    trimBuffers: () => pool?.trim() ?? 0,
    uninstall() {
      if (!installed) return;
      installed = false;
      grads?.uninstall();
      optim?.uninstall();
      pool?.detach();
      core.dispose?.();
      for (const [name, orig] of originals) {
        tf.unregisterKernel(name, 'cpu');
        tfInternals(tf).registerKernel(orig);
      }
      if (installs.get(key)?.handle === handle) installs.delete(key);
    },
  };
  installs.set(key, { handle, requested });
  return handle;
}
