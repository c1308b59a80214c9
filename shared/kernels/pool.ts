// 2-D pooling forward and backward, NHWC, written channel-innermost so every inner loop is a contiguous run.
// Semantics match tfjs's cpu kernels exactly: max keeps the first strict maximum in row-major window order;
// avg divides by the number of in-bounds taps; AvgPoolGrad divides by the full window size (stock behaviour).
import { f32Bits, piecesFor, splitRange, type ConvInfoLike } from './conv';
import { coreEw } from './ewcore';
import { allocF32, copyOut } from './alloc';
import type { Core, PoolGeom } from './core';

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

/** Max pooling on the core when it has a native version (wasm SIMD), else in JS. */
export function maxPoolCore(core: Core, xv: Float32Array, ci: ConvInfoLike): Float32Array {
  if (!core.maxPoolFwd) return maxPool(xv, ci);
  const ys = ci.batchSize * ci.outHeight * ci.outWidth * ci.inChannels;
  const x = core.base,
    y = x + xv.length;
  core.reserve(xv.length + ys);
  core.f32.set(xv, x);
  const p = poolGeom(ci);
  if (core.run) {
    // whole images per thread
    const xi = p.H * p.W * p.C,
      yi = p.OH * p.OW * p.C;
    const T = piecesFor(core, ys * p.FH * p.FW, p.N);
    core.run(
      splitRange(p.N, T, 1).map(([n0, n1]) => [
        'maxpool_fwd',
        (x + n0 * xi) * 4,
        n1 - n0,
        ...poolArgs(p),
        (y + n0 * yi) * 4,
      ]),
    );
  } else core.maxPoolFwd(p, x, y);
  return copyOut(core.f32, y, ys);
}

export function maxPoolGradCore(core: Core, xv: Float32Array, dyv: Float32Array, ci: ConvInfoLike): Float32Array {
  if (!core.maxPoolBwd) return maxPoolGrad(xv, dyv, ci);
  const x = core.base,
    dy = x + xv.length,
    dx = dy + dyv.length;
  core.reserve(2 * xv.length + dyv.length);
  const h = core.f32;
  h.set(xv, x);
  h.set(dyv, dy);
  h.fill(0, dx, dx + xv.length);
  const p = poolGeom(ci);
  if (core.run) {
    const xi = p.H * p.W * p.C,
      yi = p.OH * p.OW * p.C;
    const T = piecesFor(core, dyv.length * p.FH * p.FW, p.N);
    core.run(
      splitRange(p.N, T, 1).map(([n0, n1]) => [
        'maxpool_bwd',
        (x + n0 * xi) * 4,
        (dy + n0 * yi) * 4,
        n1 - n0,
        ...poolArgs(p),
        (dx + n0 * xi) * 4,
      ]),
    );
  } else core.maxPoolBwd(p, x, dy, dx);
  return copyOut(core.f32, dx, xv.length);
}

/** Average pooling on the wasm core (SIMD over channels, whole images per thread), else in JS. */
export function avgPoolCore(core: Core, xv: Float32Array, ci: ConvInfoLike): Float32Array {
  if (!coreEw(core)) return avgPool(xv, ci);
  const p = poolGeom(ci);
  const ys = p.N * p.OH * p.OW * p.C;
  const x = core.base,
    y = x + xv.length;
  core.reserve(xv.length + ys);
  core.f32.set(xv, x);
  const xi = p.H * p.W * p.C,
    yi = p.OH * p.OW * p.C;
  const T = piecesFor(core, ys * p.FH * p.FW, p.N);
  core.run(
    splitRange(p.N, T, 1).map(([n0, n1]) => [
      'avgpool_fwd',
      (x + n0 * xi) * 4,
      n1 - n0,
      ...poolArgs(p),
      (y + n0 * yi) * 4,
    ]),
  );
  return copyOut(core.f32, y, ys);
}

/** AvgPoolGrad on the wasm core (whole images per thread, so the scatter-adds never meet), else in JS. */
export function avgPoolGradCore(core: Core, dyv: Float32Array, ci: ConvInfoLike): Float32Array {
  if (!coreEw(core)) return avgPoolGrad(dyv, ci);
  const p = poolGeom(ci);
  const xs = p.N * p.H * p.W * p.C;
  const dy = core.base,
    dx = dy + dyv.length;
  core.reserve(dyv.length + xs);
  const h = core.f32;
  h.set(dyv, dy);
  h.fill(0, dx, dx + xs);
  const xi = p.H * p.W * p.C,
    yi = p.OH * p.OW * p.C;
  const T = piecesFor(core, dyv.length * p.FH * p.FW, p.N);
  const mul = f32Bits(1 / (p.FH * p.FW));
  core.run(
    splitRange(p.N, T, 1).map(([n0, n1]) => [
      'avgpool_bwd',
      (dy + n0 * yi) * 4,
      n1 - n0,
      ...poolArgs(p),
      (dx + n0 * xi) * 4,
      mul,
    ]),
  );
  return copyOut(core.f32, dx, xs);
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
