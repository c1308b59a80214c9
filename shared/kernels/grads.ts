// Fused gradients. tfjs builds the backward pass of batch norm, mean, square and relu from several elementwise ops
// (tile, ones, mul, mul, sum, ...), each a full pass over memory; with the convolutions fast, those passes dominate
// ResNet training. We replace those gradient functions with single-pass kernels of our own. They compute the same
// quantities (same outputs, same inputs receive gradients) as the stock gradient functions, and hand over to the
// original gradient function for anything else (another backend active, non-float32, shapes not covered).
import { allocF32, makeOut } from './alloc';
import type { Core } from './core';
import { contiguousReduction } from './elementwise';
import { batchNormGradCore, coreEw, EW_MIN, EW_RELU, EW_SQUARE, unaryGradCore } from './ewcore';
import { tfInternals, type GradConfig, type GradFunc, type GradTensor, type KernelConfigLike } from './tfjsInternals';
import type { Backend, KernelArgs, TensorInfo, TF } from './types';

const K_BN_GRAD = 'FastCpuBatchNormGrad';
const K_MEAN_GRAD = 'FastCpuMeanGrad';
const K_SQUARE_GRAD = 'FastCpuSquareGrad';
const K_RELU_GRAD = 'FastCpuReluGrad';

const vals = (b: Backend, t: TensorInfo) => b.data.get(t.dataId).values as Float32Array;

/** [dx, dmean, dvariance, dscale, doffset] for channel-last batch norm with per-channel (rank-1) statistics. */
function bnGradKernel({ inputs, backend, attrs }: KernelArgs, core: Core | null): TensorInfo[] {
  const { x, mean, variance, dy } = inputs as Record<string, TensorInfo>;
  const scale = inputs.scale ?? null;
  const xv = vals(backend, x),
    dyv = vals(backend, dy),
    mv = vals(backend, mean),
    vv = vals(backend, variance);
  const sv = scale ? vals(backend, scale) : null;
  const C = mv.length;
  const eps: number = attrs.varianceEpsilon;
  const inv = new Float64Array(C),
    s = new Float64Array(C),
    sumDy = new Float64Array(C),
    sumDyXm = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    inv[c] = Math.fround(1 / Math.sqrt(Math.fround(vv[c] + eps)));
    s[c] = sv ? sv[c] : 1;
  }
  const n = xv.length;
  const k = new Float64Array(C);
  for (let c = 0; c < C; c++) k[c] = inv[c] * s[c];
  if (coreEw(core) && n >= EW_MIN) {
    // the wasm core (SIMD, threads): dx and the two per-channel sums in one pass
    const r = batchNormGradCore(core, xv, dyv, mv, Float32Array.from(k));
    return bnGradOutputs(backend, x, mean, r.dx, inv, s, r.sums.subarray(0, C), r.sums.subarray(C));
  }
  const dx = allocF32(n);
  // Per channel the sums run over the rows in order (as a plain row loop would), but in locals, four channels at a
  // time, over blocks of rows that stay in L1 (Float64Array loads and stores per element ran ~2x slower).
  const rb = Math.max(1, Math.floor(2048 / C));
  for (let r0 = 0; r0 < n; r0 += rb * C) {
    const end = Math.min(n, r0 + rb * C);
    let c = 0;
    for (; c + 4 <= C; c += 4) {
      let a0 = sumDy[c],
        a1 = sumDy[c + 1],
        a2 = sumDy[c + 2],
        a3 = sumDy[c + 3];
      let b0 = sumDyXm[c],
        b1 = sumDyXm[c + 1],
        b2 = sumDyXm[c + 2],
        b3 = sumDyXm[c + 3];
      const m0 = mv[c],
        m1 = mv[c + 1],
        m2 = mv[c + 2],
        m3 = mv[c + 3];
      const k0 = k[c],
        k1 = k[c + 1],
        k2 = k[c + 2],
        k3 = k[c + 3];
      for (let p = r0 + c; p < end; p += C) {
        const g0 = dyv[p],
          g1 = dyv[p + 1],
          g2 = dyv[p + 2],
          g3 = dyv[p + 3];
        a0 += g0;
        a1 += g1;
        a2 += g2;
        a3 += g3;
        b0 += g0 * (xv[p] - m0);
        b1 += g1 * (xv[p + 1] - m1);
        b2 += g2 * (xv[p + 2] - m2);
        b3 += g3 * (xv[p + 3] - m3);
        dx[p] = g0 * k0;
        dx[p + 1] = g1 * k1;
        dx[p + 2] = g2 * k2;
        dx[p + 3] = g3 * k3;
      }
      sumDy[c] = a0;
      sumDy[c + 1] = a1;
      sumDy[c + 2] = a2;
      sumDy[c + 3] = a3;
      sumDyXm[c] = b0;
      sumDyXm[c + 1] = b1;
      sumDyXm[c + 2] = b2;
      sumDyXm[c + 3] = b3;
    }
    for (; c < C; c++) {
      let a = sumDy[c],
        b = sumDyXm[c];
      const m = mv[c],
        kc = k[c];
      for (let p = r0 + c; p < end; p += C) {
        const g = dyv[p];
        a += g;
        b += g * (xv[p] - m);
        dx[p] = g * kc;
      }
      sumDy[c] = a;
      sumDyXm[c] = b;
    }
  }
  return bnGradOutputs(backend, x, mean, dx, inv, s, sumDy, sumDyXm);
}

function bnGradOutputs(
  backend: Backend,
  x: TensorInfo,
  mean: TensorInfo,
  dx: Float32Array,
  inv: Float64Array,
  s: Float64Array,
  sumDy: Float64Array,
  sumDyXm: Float64Array,
): TensorInfo[] {
  const C = inv.length;
  const dmean = new Float32Array(C),
    dvar = new Float32Array(C),
    dscale = new Float32Array(C),
    doff = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    dmean[c] = -inv[c] * s[c] * sumDy[c];
    dvar[c] = -0.5 * inv[c] * inv[c] * inv[c] * s[c] * sumDyXm[c];
    dscale[c] = inv[c] * sumDyXm[c];
    doff[c] = sumDy[c];
  }
  return [
    makeOut(backend, x.shape, dx),
    backend.makeTensorInfo(mean.shape, 'float32', dmean),
    backend.makeTensorInfo(mean.shape, 'float32', dvar),
    backend.makeTensorInfo(mean.shape, 'float32', dscale),
    backend.makeTensorInfo(mean.shape, 'float32', doff),
  ];
}

/** dx[outer, red, inner] = dy[outer, inner] * scale (the mean's gradient, broadcast back in one pass). */
function meanGradKernel({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const dyv = vals(backend, inputs.dy as TensorInfo);
  const { outer, red, inner, scale, xShape } = attrs as {
    outer: number;
    red: number;
    inner: number;
    scale: number;
    xShape: number[];
  };
  const dx = allocF32(outer * red * inner);
  // per outer block: write the scaled row once, then double it with copyWithin (memcpy speed, few calls)
  const block = red * inner;
  for (let o = 0; o < outer; o++) {
    const src = o * inner,
      base = o * block;
    for (let j = 0; j < inner; j++) dx[base + j] = dyv[src + j] * scale;
    for (let filled = inner; filled < block; filled *= 2) {
      dx.copyWithin(base + filled, base, base + Math.min(filled, block - filled));
    }
  }
  return makeOut(backend, xShape, dx);
}

function squareGradKernel({ inputs, backend }: KernelArgs, core: Core | null): TensorInfo {
  const x = inputs.x as TensorInfo;
  const xv = vals(backend, x),
    dyv = vals(backend, inputs.dy as TensorInfo);
  if (coreEw(core) && xv.length >= EW_MIN) return makeOut(backend, x.shape, unaryGradCore(core, EW_SQUARE, xv, dyv));
  const dx = allocF32(xv.length);
  for (let i = 0; i < xv.length; i++) dx[i] = dyv[i] * Math.fround(xv[i] * 2);
  return makeOut(backend, x.shape, dx);
}

/**
 * dy * step(x) on the float bits: x > 0 exactly when its int32 bits are > 0; NaN x gives NaN like the stock step.
 * (The float formulation `dy * +(x > 0)` runs ~10x slower in V8, and a branch on x mispredicts half the time.)
 */
function reluGradKernel({ inputs, backend }: KernelArgs, core: Core | null): TensorInfo {
  const x = inputs.x as TensorInfo;
  const xv = vals(backend, x),
    dyv = vals(backend, inputs.dy as TensorInfo);
  if (coreEw(core) && xv.length >= EW_MIN) return makeOut(backend, x.shape, unaryGradCore(core, EW_RELU, xv, dyv));
  const dx = allocF32(xv.length);
  const xi = new Int32Array(xv.buffer, xv.byteOffset, xv.length);
  const di = new Int32Array(dyv.buffer, dyv.byteOffset, dyv.length);
  const oi = new Int32Array(dx.buffer);
  for (let i = 0; i < xi.length; i++) {
    const v = xi[i];
    oi[i] = (v & 0x7fffffff) > 0x7f800000 ? 0x7fc00000 : di[i] & -(v > 0);
  }
  return makeOut(backend, x.shape, dx);
}

export interface GradInstall {
  kernels: string[];
  gradients: string[];
  uninstall(): void;
}

type GradKernel = (a: KernelArgs) => TensorInfo | TensorInfo[];

/**
 * `core`: the wasm core runs the big cases in SIMD (and on its threads); without it, everything runs in plain JS.
 * `guard(name, onCore, plain)`, if given, makes each kernel (index.ts: plain JS when the core has no room).
 */
export function installFusedGradients(
  tf: TF,
  core: Core | null = null,
  guard?: (name: string, onCore: GradKernel, plain: GradKernel) => GradKernel,
): GradInstall {
  const t = tfInternals(tf);
  const onCpu = () => tf.getBackend() === 'cpu';
  const f32 = (...ts: (GradTensor | undefined)[]) => ts.every((x) => x == null || x.dtype === 'float32');

  const customKernels: [string, (a: KernelArgs, c: Core | null) => TensorInfo | TensorInfo[]][] = [
    [K_BN_GRAD, bnGradKernel],
    [K_MEAN_GRAD, meanGradKernel],
    [K_SQUARE_GRAD, squareGradKernel],
    [K_RELU_GRAD, reluGradKernel],
  ];
  const registered: string[] = [];
  for (const [name, kernel] of customKernels) {
    const onCore: GradKernel = (a) => kernel(a, core);
    const fn = guard ? guard(name, onCore, (a) => kernel(a, null)) : onCore;
    if (t.getKernel(name, 'cpu')) t.unregisterKernel(name, 'cpu');
    t.registerKernel({ kernelName: name, backendName: 'cpu', kernelFunc: fn as KernelConfigLike['kernelFunc'] });
    registered.push(name);
  }

  const overrides: Record<string, (orig: GradConfig) => GradFunc> = {
    FusedBatchNorm: (orig) => (dy, saved, attrs) => {
      const [x, mean, variance, scale] = saved;
      const C = mean.shape[0];
      if (
        !onCpu() ||
        mean.rank !== 1 ||
        variance.rank !== 1 ||
        x.shape[x.rank - 1] !== C ||
        (scale && scale.size !== C) ||
        !f32(x, mean, variance, scale, dy)
      ) {
        return orig.gradFunc(dy, saved, attrs);
      }
      // All five in one pass, computed here rather than inside the first thunk: the tape runs each thunk in its
      // own tidy(), which would dispose the outputs returned later.
      const res = t
        .engine()
        .runKernel(K_BN_GRAD, scale ? { x, mean, variance, scale, dy } : { x, mean, variance, dy }, {
          varianceEpsilon: attrs.varianceEpsilon ?? 0.001,
        }) as GradTensor[];
      const get = (i: number) => () => res[i];
      return { x: get(0), mean: get(1), variance: get(2), scale: get(3), offset: get(4) };
    },
    Mean: (orig) => (dy, saved, attrs) => {
      const [x] = saved;
      const axes = t.util.parseAxisParam(attrs.axis, x.shape);
      const r = contiguousReduction(x.shape, axes);
      if (!onCpu() || !r || !f32(x, dy)) return orig.gradFunc(dy, saved, attrs);
      const [outer, red, inner] = r;
      return {
        x: () => t.engine().runKernel(K_MEAN_GRAD, { dy }, { outer, red, inner, scale: 1 / red, xShape: x.shape }),
      };
    },
    Square: (orig) => (dy, saved, attrs) => {
      const [x] = saved;
      if (!onCpu() || !f32(x, dy)) return orig.gradFunc(dy, saved, attrs);
      return { x: () => t.engine().runKernel(K_SQUARE_GRAD, { x, dy }, {}) };
    },
    Relu: (orig) => (dy, saved, attrs) => {
      const [x] = saved;
      if (!onCpu() || !f32(x, dy)) return orig.gradFunc(dy, saved, attrs);
      return { x: () => t.engine().runKernel(K_RELU_GRAD, { x, dy }, {}) };
    },
  };
  const originals = new Map<string, GradConfig>();
  for (const [name, make] of Object.entries(overrides)) {
    const orig = t.getGradient(name);
    if (!orig) continue;
    originals.set(name, orig);
    t.registerGradient({ ...orig, gradFunc: make(orig) });
  }
  return {
    kernels: registered,
    gradients: [...originals.keys()],
    uninstall() {
      for (const [, orig] of originals) t.registerGradient(orig);
      for (const name of registered) t.unregisterKernel(name, 'cpu');
    },
  };
}
