// 2-D pooling forward and backward, NHWC, written channel-innermost so every inner loop is a contiguous run.
// Semantics match tfjs's cpu kernels exactly: max keeps the first strict maximum in row-major window order;
// avg divides by the number of in-bounds taps; AvgPoolGrad divides by the full window size (stock behaviour).
// On the wasm core (maxpool_* / avgpool_* in wasm/core.c, SIMD over channels, whole images per job) resident inputs
// are read and a resident output written in place (poolRun); the gradients write every float of dx themselves (no
// zeroing pass here). The plain-JS loops below serve the JS core and are the reference in the tests.
import { f32Bits, piecesFor, splitRange, type ConvInfoLike } from './conv';
import { coreEw } from './ewcore';
import { allocF32 } from './alloc';
import { residentAt, type Core, type Job, type PoolGeom } from './core';

function poolGeom(ci: ConvInfoLike): PoolGeom {
  return {
    N: ci.batchSize,
    H: ci.inHeight,
    W: ci.inWidth,
    C: ci.inChannels,
    FH: ci.filterHeight,
    FW: ci.filterWidth,
    SH: ci.strideHeight,
    SW: ci.strideWidth,
    padT: ci.padInfo.top,
    padL: ci.padInfo.left,
    OH: ci.outHeight,
    OW: ci.outWidth,
  };
}

/** The geometry arguments of maxpool_fwd / maxpool_bwd after N. */
const poolArgs = (p: PoolGeom) => [p.H, p.W, p.C, p.FH, p.FW, p.SH, p.SW, p.padT, p.padL, p.OH, p.OW];

type RunCore = Core & { run: NonNullable<Core['run']> };

/**
 * Runs a pooling kernel on the wasm core, whole images per job (split across the threads from MIN_PARALLEL_WORK):
 * inputs resident in the heap (alloc.ts) are read where they lie, the others copied into the scratch; the output
 * (`outPer` floats per image) is written in place when resident, else into the scratch and copied out.
 * `job(ins, out, n0, n1)` is the job for images [n0, n1) given the heap float offsets of the inputs and the output.
 *
 * It stays on the threaded core rather than the one-thread core over private memory that the elementwise kernels use
 * (ewcore.ts target): in LeNet-5 training on 2 threads (bench/_prof.ts, three interleaved runs each, ms per step),
 * MaxPool [64,28,28,6] took 0.32-0.35 with a resident output, 0.37-0.43 copied out, 0.47-0.51 on the one-thread core;
 * MaxPoolGrad 0.57-0.65, 0.74-0.95, 0.83-0.90. Split or not made no clear difference in training on this loaded
 * machine; alone, with resident operands, splitting the [64,28,28,6] ones was faster (min 0.156 against 0.201 ms
 * forward, 0.335 against 0.440 backward), so they keep the usual threshold.
 */
function poolRun(
  core: RunCore,
  N: number,
  ins: Float32Array[],
  outPer: number,
  work: number,
  job: (ins: number[], out: number, n0: number, n1: number) => Job,
): Float32Array {
  const out = allocF32(N * outPer);
  const oAt = residentAt(core, out);
  const inAt = ins.map((a) => residentAt(core, a));
  let s = core.base;
  const offs = inAt.map((r, i) => {
    if (r >= 0) return r;
    const o = s;
    s += (ins[i].length + 3) & ~3;
    return o;
  });
  const o = oAt >= 0 ? oAt : s;
  core.reserve(s - core.base + (oAt >= 0 ? 0 : N * outPer));
  const h = core.f32;
  ins.forEach((a, i) => {
    if (inAt[i] < 0) h.set(a, offs[i]);
  });
  const P = piecesFor(core, work, N);
  core.run(splitRange(N, P, 1).map(([n0, n1]) => job(offs, o, n0, n1)));
  if (oAt < 0) out.set(core.f32.subarray(o, o + N * outPer));
  return out;
}

/** Max pooling on the wasm core (SIMD over channels, whole images per thread), else in JS. */
export function maxPoolCore(core: Core, xv: Float32Array, ci: ConvInfoLike): Float32Array {
  if (!coreEw(core)) return maxPool(xv, ci);
  const p = poolGeom(ci);
  const xi = p.H * p.W * p.C,
    yi = p.OH * p.OW * p.C;
  return poolRun(core, p.N, [xv], yi, p.N * yi * p.FH * p.FW, ([x], y, n0, n1) => [
    'maxpool_fwd',
    (x + n0 * xi) * 4,
    n1 - n0,
    ...poolArgs(p),
    (y + n0 * yi) * 4,
  ]);
}

/** Whether the windows tile the input: each input in exactly one window (LeNet's 2x2 stride 2, 'valid', even sizes). */
function tiles(p: PoolGeom): boolean {
  return (
    p.SH === p.FH &&
    p.SW === p.FW &&
    p.padT >= 0 &&
    p.padL >= 0 &&
    p.OH * p.SH - p.padT >= p.H &&
    p.OW * p.SW - p.padL >= p.W
  );
}

/** MaxPoolGrad on the wasm core (whole images per thread; the kernel writes every float of dx), else in JS. */
export function maxPoolGradCore(core: Core, xv: Float32Array, dyv: Float32Array, ci: ConvInfoLike): Float32Array {
  if (!coreEw(core)) return maxPoolGrad(xv, dyv, ci);
  const p = poolGeom(ci);
  const xi = p.H * p.W * p.C,
    yi = p.OH * p.OW * p.C;
  const t = tiles(p) ? 1 : 0;
  return poolRun(core, p.N, [xv, dyv], xi, p.N * yi * p.FH * p.FW, ([x, dy], dx, n0, n1) => [
    'maxpool_bwd',
    (x + n0 * xi) * 4,
    (dy + n0 * yi) * 4,
    n1 - n0,
    ...poolArgs(p),
    (dx + n0 * xi) * 4,
    t,
  ]);
}

/** Average pooling on the wasm core (SIMD over channels, whole images per thread), else in JS. */
export function avgPoolCore(core: Core, xv: Float32Array, ci: ConvInfoLike): Float32Array {
  if (!coreEw(core)) return avgPool(xv, ci);
  const p = poolGeom(ci);
  const xi = p.H * p.W * p.C,
    yi = p.OH * p.OW * p.C;
  return poolRun(core, p.N, [xv], yi, p.N * yi * p.FH * p.FW, ([x], y, n0, n1) => [
    'avgpool_fwd',
    (x + n0 * xi) * 4,
    n1 - n0,
    ...poolArgs(p),
    (y + n0 * yi) * 4,
  ]);
}

/** AvgPoolGrad on the wasm core (whole images per thread, so the scatter-adds never meet), else in JS. */
export function avgPoolGradCore(core: Core, dyv: Float32Array, ci: ConvInfoLike): Float32Array {
  if (!coreEw(core)) return avgPoolGrad(dyv, ci);
  const p = poolGeom(ci);
  const xi = p.H * p.W * p.C,
    yi = p.OH * p.OW * p.C;
  const mul = f32Bits(1 / (p.FH * p.FW));
  const t = tiles(p) ? 1 : 0;
  return poolRun(core, p.N, [dyv], xi, p.N * yi * p.FH * p.FW, ([dy], dx, n0, n1) => [
    'avgpool_bwd',
    (dy + n0 * yi) * 4,
    n1 - n0,
    ...poolArgs(p),
    (dx + n0 * xi) * 4,
    mul,
    t,
  ]);
}

export function maxPool(xv: Float32Array, ci: ConvInfoLike): Float32Array {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = ci;
  const { strideHeight: SH, strideWidth: SW, filterHeight: FH, filterWidth: FW } = ci;
  const padT = ci.padInfo.top,
    padL = ci.padInfo.left;
  const out = allocF32(N * OH * OW * C);
  let o = 0;
  for (let n = 0; n < N; n++) {
    const xb = n * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * SH - padT;
      const hs = Math.max(0, h0),
        he = Math.min(H, h0 + FH);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ow * SW - padL;
        const ws = Math.max(0, w0),
          we = Math.min(W, w0 + FW);
        out.fill(-Infinity, o, o + C);
        for (let ih = hs; ih < he; ih++) {
          for (let iw = ws; iw < we; iw++) {
            const src = xb + (ih * W + iw) * C;
            for (let c = 0; c < C; c++) {
              const v = xv[src + c];
              if (v > out[o + c]) out[o + c] = v;
            }
          }
        }
        o += C;
      }
    }
  }
  return out;
}

export function maxPoolGrad(xv: Float32Array, dyv: Float32Array, ci: ConvInfoLike): Float32Array {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = ci;
  const { strideHeight: SH, strideWidth: SW, filterHeight: FH, filterWidth: FW } = ci;
  const padT = ci.padInfo.top,
    padL = ci.padInfo.left;
  const dx = allocF32(N * H * W * C, true);
  const best = new Float32Array(C);
  const bestAt = new Int32Array(C);
  let o = 0;
  for (let n = 0; n < N; n++) {
    const xb = n * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * SH - padT;
      const hs = Math.max(0, h0),
        he = Math.min(H, h0 + FH);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ow * SW - padL;
        const ws = Math.max(0, w0),
          we = Math.min(W, w0 + FW);
        best.fill(-Infinity);
        bestAt.fill(-1);
        for (let ih = hs; ih < he; ih++) {
          for (let iw = ws; iw < we; iw++) {
            const src = xb + (ih * W + iw) * C;
            for (let c = 0; c < C; c++) {
              const v = xv[src + c];
              if (v > best[c]) {
                best[c] = v;
                bestAt[c] = src + c;
              }
            }
          }
        }
        for (let c = 0; c < C; c++) {
          const at = bestAt[c];
          if (at >= 0) dx[at] += dyv[o + c];
        }
        o += C;
      }
    }
  }
  return dx;
}

export function avgPool(xv: Float32Array, ci: ConvInfoLike): Float32Array {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = ci;
  const { strideHeight: SH, strideWidth: SW, filterHeight: FH, filterWidth: FW } = ci;
  const padT = ci.padInfo.top,
    padL = ci.padInfo.left;
  const out = allocF32(N * OH * OW * C);
  const acc = new Float64Array(C);
  let o = 0;
  for (let n = 0; n < N; n++) {
    const xb = n * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * SH - padT;
      const hs = Math.max(0, h0),
        he = Math.min(H, h0 + FH);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ow * SW - padL;
        const ws = Math.max(0, w0),
          we = Math.min(W, w0 + FW);
        acc.fill(0);
        for (let ih = hs; ih < he; ih++) {
          for (let iw = ws; iw < we; iw++) {
            const src = xb + (ih * W + iw) * C;
            for (let c = 0; c < C; c++) acc[c] += xv[src + c];
          }
        }
        const count = Math.max(0, he - hs) * Math.max(0, we - ws);
        for (let c = 0; c < C; c++) out[o + c] = acc[c] / count;
        o += C;
      }
    }
  }
  return out;
}

export function avgPoolGrad(dyv: Float32Array, ci: ConvInfoLike): Float32Array {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = ci;
  const { strideHeight: SH, strideWidth: SW, filterHeight: FH, filterWidth: FW } = ci;
  const padT = ci.padInfo.top,
    padL = ci.padInfo.left;
  const acc = new Float64Array(N * H * W * C);
  let o = 0;
  for (let n = 0; n < N; n++) {
    const xb = n * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * SH - padT;
      const hs = Math.max(0, h0),
        he = Math.min(H, h0 + FH);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ow * SW - padL;
        const ws = Math.max(0, w0),
          we = Math.min(W, w0 + FW);
        for (let ih = hs; ih < he; ih++) {
          for (let iw = ws; iw < we; iw++) {
            const dst = xb + (ih * W + iw) * C;
            for (let c = 0; c < C; c++) acc[dst + c] += dyv[o + c];
          }
        }
        o += C;
      }
    }
  }
  const mul = 1 / (FH * FW);
  const dx = allocF32(acc.length);
  for (let i = 0; i < acc.length; i++) dx[i] = acc[i] * mul;
  return dx;
}
