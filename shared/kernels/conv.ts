// Convolution and matrix-multiply drivers: copy tensors into the core's heap, run im2col + GEMM (+ col2im) in
// chunks that stay in L2, copy the result out. Layout NHWC, filters [KH, KW, C, OC] (tfjs's). Every GEMM is arranged
// so the core streams both operands contiguously:
//   forward        y[M, OC]   = col[M, K] x W[K, OC]
//   filter grad    dW[K, OC]  = sum over chunks col^T x dy
//   input grad     dcol[M, K] = dy[M, OC] x W^T[OC, K], then col2im scatter-add into dx
import {
  ACT_LEAKY,
  ACT_LINEAR,
  ACT_RELU,
  ACT_RELU6,
  MAX_HEAP_BYTES,
  residentAt,
  type ConvGeom,
  type Core,
  type Job,
} from './core';
import { allocF32, copyOut } from './alloc';
import type { Backend, TensorInfo } from './types';

/** Floats of im2col scratch per chunk: 64 Ki floats = 256 KB, sized to stay in L2. */
export const CHUNK_FLOATS = 1 << 16;

export interface ConvInfoLike {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  filterHeight: number;
  filterWidth: number;
  padInfo: { top: number; left: number; bottom: number; right: number; type?: string };
  outShape: number[];
  inShape: number[];
}

export function geomOf(ci: ConvInfoLike): ConvGeom {
  return {
    H: ci.inHeight,
    W: ci.inWidth,
    C: ci.inChannels,
    KH: ci.filterHeight,
    KW: ci.filterWidth,
    SH: ci.strideHeight,
    SW: ci.strideWidth,
    DH: ci.dilationHeight,
    DW: ci.dilationWidth,
    padT: ci.padInfo.top,
    padL: ci.padInfo.left,
    OH: ci.outHeight,
    OW: ci.outWidth,
  };
}

function isPointwise(g: ConvGeom): boolean {
  return (
    g.KH === 1 && g.KW === 1 && g.SH === 1 && g.SW === 1 && g.padT === 0 && g.padL === 0 && g.OH === g.H && g.OW === g.W
  );
}

function rowsPerChunk(K: number, M: number): number {
  let mc = Math.floor(CHUNK_FLOATS / Math.max(1, K));
  mc -= mc % 4;
  return Math.max(4, Math.min(mc, M));
}

/** Multiply-adds below which a kernel stays on one thread (waking the workers costs more than it saves). */
export const MIN_PARALLEL_WORK = 1 << 18;

/**
 * Multiply-adds below which a GEMM (dense layers, 1x1 convs) stays on one thread. Measured on 2 threads with
 * LeNet-5's batch-64 matmuls, each timed split and unsplit on the same 2-thread core, interleaved
 * (bench/lenetKernels.ts, three runs, load average 6-7): the 645k-MAC ones (120x84, forward, dW and dX) ran 1.08-2.4x
 * slower split (min) and 1.76-2.0x (median). The 3M-MAC ones (400x120) were mixed (0.78-1.38x) and the convs, pooling
 * and the filter gradients mixed too, so they keep MIN_PARALLEL_WORK: in whole training steps on this loaded machine,
 * keeping those on one thread as well (direct conv 12.6M, direct dW 16.8M, pooling 1M) lowered 2-thread throughput
 * (LeNet-5 + Adam, interleaved with the previous kernels: 1,222 against 1,508 samples/s), though it used less CPU.
 * core.minParallelWork, when set (the tests set 0), overrides it.
 */
export const GEMM_MIN_PARALLEL = 1 << 20;

/**
 * Threads worth using for `work` multiply-adds split into at most `units` pieces; `kernelMin`: the kernel's own
 * minimum (see GEMM_MIN_PARALLEL), else MIN_PARALLEL_WORK.
 */
export function threadsFor(core: Core, work: number, units: number, kernelMin = MIN_PARALLEL_WORK): number {
  const min = core.minParallelWork ?? kernelMin;
  if (core.threads <= 1 || work < min || units < 2) return 1;
  return Math.max(1, Math.min(core.threads, units, min > 0 ? Math.floor(work / (min / 2)) : Infinity));
}

/** Pieces per thread a parallel kernel is cut into: each thread takes the next piece when it finishes its last. */
export const PIECES_PER_THREAD = 4;

/**
 * Jobs to cut `work` multiply-adds into (at most `units` pieces): 1 when the kernel stays on one thread, else a few
 * per thread (dynamic scheduling in threads.ts), so a thread the OS descheduled or a slow piece holds up only its
 * own piece. Each piece keeps at least a quarter of MIN_PARALLEL_WORK.
 */
export function piecesFor(core: Core, work: number, units: number, kernelMin = MIN_PARALLEL_WORK): number {
  const T = threadsFor(core, work, units, kernelMin);
  if (T <= 1) return 1;
  const min = core.minParallelWork ?? kernelMin;
  return Math.max(T, Math.min(units, T * PIECES_PER_THREAD, min > 0 ? Math.floor(work / (min / 4)) : Infinity));
}

/** [start, end) pieces of [0, n) for `parts` threads, each boundary a multiple of `align` (empty pieces dropped). */
export function splitRange(n: number, parts: number, align: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const units = Math.ceil(n / align);
  let prev = 0;
  for (let t = 1; t <= parts; t++) {
    const end = t === parts ? n : Math.min(n, Math.round((units * t) / parts) * align);
    if (end > prev) out.push([prev, end]);
    prev = Math.max(prev, end);
  }
  return out;
}

/** Index of the scratch (col) argument of conv_fwd_rows, conv_dw_rows and conv_dx_rows (after the export name). */
const COL_ARG = 17;
const geomArgs = (g: ConvGeom) => [g.H, g.W, g.C, g.KH, g.KW, g.SH, g.SW, g.DH, g.DW, g.padT, g.padL, g.OH, g.OW];
const bitsBuf = new DataView(new ArrayBuffer(4));
/** A float's bits as an i32 (thread jobs pass only i32 arguments). */
export function f32Bits(v: number): number {
  bitsBuf.setFloat32(0, v, true);
  return bitsBuf.getInt32(0, true);
}

/** bias + activation over the rows of y, split across threads (wasm core). */
function biasActPar(core: Core, y: number, M: number, N: number, bias: number, act: number, alpha: number): void {
  if (bias < 0 && act === ACT_LINEAR) return;
  const T = threadsFor(core, M * N * 8, M);
  const jobs: Job[] = splitRange(M, T, 1).map(([m0, m1]) => [
    'bias_act_bits',
    (y + m0 * N) * 4,
    m1 - m0,
    N,
    bias < 0 ? 0 : bias * 4,
    bias < 0 ? 0 : 1,
    act,
    f32Bits(alpha),
  ]);
  core.run!(jobs);
}

/**
 * C[M,N] = op(A) x B on the wasm core, split across threads by rows of C (or by columns when C has few rows).
 * tn: A is stored [K, M] (row stride lda), else [M, K].
 */
export function gemmPar(
  core: Core,
  tn: boolean,
  M: number,
  N: number,
  K: number,
  a: number,
  lda: number,
  b: number,
  ldb: number,
  c: number,
  ldc: number,
): void {
  const T = piecesFor(core, M * N * K, Math.max(Math.floor(M / 4), Math.floor(N / 8)), GEMM_MIN_PARALLEL);
  const fn = tn ? 'gemm_tn' : 'gemm_nn';
  let jobs: Job[];
  if (T <= 1) jobs = [[fn, M, N, K, a * 4, lda, b * 4, ldb, c * 4, ldc, 0]];
  else if (M >= 8 * T)
    jobs = splitRange(M, T, 4).map(([i0, i1]) => [
      fn,
      i1 - i0,
      N,
      K,
      (a + i0 * (tn ? 1 : lda)) * 4,
      lda,
      b * 4,
      ldb,
      (c + i0 * ldc) * 4,
      ldc,
      0,
    ]);
  else
    jobs = splitRange(N, T, 8).map(([j0, j1]) => [
      fn,
      M,
      j1 - j0,
      K,
      a * 4,
      lda,
      (b + j0) * 4,
      ldb,
      (c + j0) * 4,
      ldc,
      0,
    ]);
  core.run!(jobs);
}

export function valuesOf(backend: Backend, t: TensorInfo): Float32Array {
  return backend.data.get(t.dataId).values as Float32Array;
}

export function actCode(activation: string | undefined | null): number {
  switch (activation ?? 'linear') {
    case 'linear':
      return ACT_LINEAR;
    case 'relu':
      return ACT_RELU;
    case 'relu6':
      return ACT_RELU6;
    case 'leakyrelu':
      return ACT_LEAKY;
    default:
      return -1;
  }
}

/**
 * Forward convolution (optionally + bias + activation). Returns a fresh Float32Array of outShape.
 * Output channels that are not a multiple of 4 are padded to one (zero filter columns) so the GEMM runs on full
 * SIMD tiles instead of scalar tails, then compacted on the way out.
 */
export function convForward(
  core: Core,
  xv: Float32Array,
  wv: Float32Array,
  bias: Float32Array | null,
  ci: ConvInfoLike,
  act: number,
  alpha: number,
): Float32Array {
  const g = geomOf(ci);
  const N = ci.batchSize,
    OC = ci.outChannels;
  const OCp = paddedOC(OC);
  const K = g.KH * g.KW * g.C;
  const M = N * g.OH * g.OW;
  const pw = isPointwise(g);
  if (core.run && !pw && g.DW === 1 && M > 0 && fitsDirect(core, xv.length, g, N, K * OCp + OCp + M * (OCp + OC)))
    return convForwardDirect(core, xv, wv, bias, ci, act, alpha);
  const mc = rowsPerChunk(K, M);
  const P = core.run ? piecesFor(core, M * K * OCp, Math.ceil(M / 4)) : 1;
  const T = P > 1 ? core.threads : 1; // im2col scratch copies, one per thread
  const xs = xv.length,
    ws = K * OCp,
    ys = M * OCp;
  const x = core.base,
    w = x + xs,
    b = w + ws,
    y = b + OCp,
    col = y + ys;
  core.reserve(col - core.base + (pw ? 0 : T * mc * K));
  const h = core.f32;
  h.set(xv, x);
  putFilter(h, wv, w, K, OC, OCp);
  if (OCp !== OC) h.fill(0, b, b + OCp); // the padded columns' bias
  if (bias) h.set(bias, b);
  const epilogue = !!bias || act !== ACT_LINEAR || OCp !== OC;
  if (core.runStreamed && !pw && !epilogue) {
    // no bias, activation or channel padding (ResNet's convs, the stride-1 input gradient): each piece's rows are
    // copied out as soon as it is done, while the other threads compute the rest (and, on one thread, while still in
    // cache)
    const out = allocF32(ys);
    const rs = splitRange(M, P, 4);
    core.runStreamed(
      rs.map(([m0, m1]) => ['conv_fwd_rows', x * 4, ...geomArgs(g), m0, m1, mc, col * 4, w * 4, OCp, y * 4]),
      () => {},
      (k) => {
        const [m0, m1] = rs[k];
        out.set(core.f32.subarray(y + m0 * OC, y + m1 * OC), m0 * OC);
      },
      { args: [COL_ARG], stride: mc * K * 4 },
    );
    return out;
  }
  if (core.run) {
    if (pw) gemmPar(core, false, M, OCp, K, x, K, w, OCp, y, OCp);
    else
      core.run(
        splitRange(M, P, 4).map(([m0, m1]) => [
          'conv_fwd_rows',
          x * 4,
          ...geomArgs(g),
          m0,
          m1,
          mc,
          col * 4,
          w * 4,
          OCp,
          y * 4,
        ]),
        { args: [COL_ARG], stride: mc * K * 4 },
      );
    biasActPar(core, y, M, OCp, bias ? b : -1, act, alpha);
  } else if (pw) {
    core.gemmNN(M, OCp, K, x, K, w, OCp, y, OCp, false);
  } else {
    for (let m0 = 0; m0 < M; m0 += mc) {
      const rows = Math.min(mc, M - m0);
      core.im2col(g, x, m0, rows, col);
      core.gemmNN(rows, OCp, K, col, K, w, OCp, y + m0 * OCp, OCp, false);
    }
  }
  if (!core.run && (bias || act !== ACT_LINEAR)) core.biasAct(y, M, OCp, bias ? b : -1, act, alpha);
  return takeRows(core.f32, y, M, OC, OCp);
}

/**
 * Output channels as the forward GEMM stores them: rounded up to a multiple of 4 (zero filter columns) so it runs on
 * full SIMD tiles, except above 64 where the scalar tail costs less than the padding.
 */
function paddedOC(OC: number): number {
  return OC % 4 === 0 || OC > 64 ? OC : OC + 4 - (OC % 4);
}

/** Filter [K, OC] into the heap at w as [K, OCp] (zero columns OC..OCp-1). */
function putFilter(h: Float32Array, wv: Float32Array, w: number, K: number, OC: number, OCp: number): void {
  if (OCp === OC) {
    h.set(wv, w);
    return;
  }
  h.fill(0, w, w + K * OCp);
  for (let k = 0; k < K; k++) h.set(wv.subarray(k * OC, k * OC + OC), w + k * OCp);
}

/** y [M, OCp] in the heap at y as a fresh [M, OC] array. */
function takeRows(h: Float32Array, y: number, M: number, OC: number, OCp: number): Float32Array {
  if (OCp === OC) return copyOut(h, y, M * OC);
  const outv = allocF32(M * OC);
  for (let m = 0; m < M; m++) {
    const src = y + m * OCp,
      dst = m * OC;
    for (let o = 0; o < OC; o++) outv[dst + o] = h[src + o];
  }
  return outv;
}

/**
 * Forward convolution on the wasm core without an im2col matrix (any stride and row dilation, column dilation 1):
 * x is copied once into the heap zero-padded to exactly the extent the windows read (skipped when no padding is
 * needed), and conv_fwd_direct reads each output pixel's KH runs of KW*C floats from it. Rows split across threads
 * (no per-thread scratch).
 */
function convForwardDirect(
  core: Core,
  xv: Float32Array,
  wv: Float32Array,
  bias: Float32Array | null,
  ci: ConvInfoLike,
  act: number,
  alpha: number,
): Float32Array {
  const g = geomOf(ci);
  const N = ci.batchSize,
    OC = ci.outChannels;
  const OCp = paddedOC(OC);
  const K = g.KH * g.KW * g.C;
  const M = N * g.OH * g.OW;
  const { Hp, Wp, padded } = paddedExtent(g);
  const xs = xv.length,
    ps = padded ? N * Hp * Wp * g.C : 0,
    ws = K * OCp;
  // one input channel, stride 1: conv_fwd_c1 writes [M, OC] with the bias and activation applied (no padded
  // columns to compact, no bias_act pass)
  const c1 = g.C === 1 && g.SH === 1 && g.SW === 1 && g.DH === 1;
  const ys = M * (c1 ? OC : OCp);
  // resident x is read and resident output written where they lie in the heap (alloc.ts): no copies in or out
  const out = OCp === OC || c1 ? allocF32(ys) : null;
  const xr = residentAt(core, xv),
    yr = out ? residentAt(core, out) : -1;
  const x = xr >= 0 ? xr : core.base,
    xp = core.base + (xr >= 0 ? 0 : xs),
    w = xp + ps,
    b = w + ws,
    y = yr >= 0 ? yr : b + OCp,
    yc = b + OCp + (yr >= 0 ? 0 : ys); // y compacted to [M, OC] when OCp > OC
  core.reserve(yc + (OCp === OC ? 0 : M * OC) - core.base);
  const h = core.f32;
  if (xr < 0) h.set(xv, x);
  putFilter(h, wv, w, K, OC, OCp);
  if (bias) h.set(bias, b);
  if (padded) padImages(core, g, N, x, xp, Hp, Wp);
  const src = padded ? xp : x,
    srcH = padded ? Hp : g.H,
    srcW = padded ? Wp : g.W;
  const P = piecesFor(core, M * K * OCp, Math.ceil(M / 4));
  if (c1) {
    core.run!(
      splitRange(M, P, 4).map(([m0, m1]) => [
        'conv_fwd_c1',
        src * 4,
        srcH,
        srcW,
        g.KH,
        g.KW,
        g.OH,
        g.OW,
        m0,
        m1,
        w * 4,
        OCp,
        b * 4,
        bias ? 1 : 0,
        act,
        f32Bits(alpha),
        y * 4,
        OC,
      ]),
    );
    if (yr < 0) out!.set(core.f32.subarray(y, y + ys));
    return out!;
  }
  core.run!(
    splitRange(M, P, 4).map(([m0, m1]) => [
      'conv_fwd_direct',
      src * 4,
      srcH,
      srcW,
      g.C,
      g.KH,
      g.KW,
      g.SH,
      g.SW,
      g.DH,
      g.OH,
      g.OW,
      m0,
      m1,
      w * 4,
      OCp,
      y * 4,
      padded ? g.padT : 0,
      (padded ? g.padT : 0) + g.H,
      padded ? g.padL : 0,
      (padded ? g.padL : 0) + g.W,
    ]),
  );
  biasActPar(core, y, M, OCp, bias ? b : -1, act, alpha);
  if (out) {
    if (yr < 0) out.set(core.f32.subarray(y, y + ys));
    return out;
  }
  const Tc = threadsFor(core, M * OC, Math.ceil(M / 4));
  core.run!(splitRange(M, Tc, 4).map(([m0, m1]) => ['take_cols', y * 4, OCp, OC, m0, m1, yc * 4]));
  return copyOut(core.f32, yc, M * OC);
}

/** Input channels below which the filter gradient runs without im2col (convBackpropFilterDirect). */
export const DIRECT_DW_MAX_C = 16;

/** The padded copy of x a direct kernel reads: its extent, and whether x itself will do (no padding needed). */
function paddedExtent(g: ConvGeom): { Hp: number; Wp: number; padded: boolean } {
  const Hp = (g.OH - 1) * g.SH + (g.KH - 1) * g.DH + 1,
    Wp = (g.OW - 1) * g.SW + g.KW;
  return { Hp, Wp, padded: !(g.padT === 0 && g.padL === 0 && Wp <= g.W && Hp <= g.H) };
}

/**
 * Whether a direct kernel's heap (x, its padded copy and `rest` floats) stays under the core's heap limit; the
 * im2col path needs only a chunk of scratch beside its operands, so a kernel too big for the direct one falls back.
 */
function fitsDirect(core: Core, xs: number, g: ConvGeom, N: number, rest: number): boolean {
  const { Hp, Wp, padded } = paddedExtent(g);
  return (core.base + xs + (padded ? N * Hp * Wp * g.C : 0) + rest) * 4 <= MAX_HEAP_BYTES;
}

/** x (in the heap at x) zero-padded into xp, images split across threads. */
function padImages(core: Core, g: ConvGeom, N: number, x: number, xp: number, Hp: number, Wp: number): void {
  const T = threadsFor(core, N * Hp * Wp * g.C, N);
  core.run!(
    splitRange(N, T, 1).map(([n0, n1]) => ['pad_images', x * 4, g.H, g.W, g.C, g.padT, g.padL, Hp, Wp, n0, n1, xp * 4]),
  );
}

/**
 * dW on the wasm core without an im2col matrix (column dilation 1): conv_dw_direct reads x's windows from the
 * padded copy as convForwardDirect does. dW's columns are padded to a multiple of 4 so every tile is SIMD (LeNet's
 * 6 filters had two scalar columns). Threads take row ranges into their own copy of dW, summed at the end.
 */
function convBackpropFilterDirect(core: Core, xv: Float32Array, dyv: Float32Array, ci: ConvInfoLike): Float32Array {
  const g = geomOf(ci);
  const N = ci.batchSize,
    OC = ci.outChannels;
  const OCp = OC % 4 === 0 ? OC : OC + 4 - (OC % 4);
  const K = g.KH * g.KW * g.C;
  const M = N * g.OH * g.OW;
  const { Hp, Wp, padded } = paddedExtent(g);
  const P = piecesFor(core, M * K * OCp, Math.ceil(M / 4));
  const T = P > 1 ? core.threads : 1;
  const KO = K * OCp;
  // dy is read OCp floats wide (conv_dw_direct): a row's last tile reads OCp - OC floats of the next row, which land
  // only in dW's padding columns (dropped by takeRows). Past dy's last row those reads must stay in the memory: a
  // copied dy has dW's copies after it; a resident dy (read where it lies: LeNet's conv1 dy, 1.2 MB a step, was
  // copied for this alone) is read in place when the memory reaches that far (its block usually has the room)
  const xr = residentAt(core, xv);
  let dyr = residentAt(core, dyv);
  if (dyr >= 0 && dyr + dyv.length + (OCp - OC) > core.f32.length) dyr = -1;
  const x = xr >= 0 ? xr : core.base,
    xp = core.base + (xr >= 0 ? 0 : xv.length),
    dys = xp + (padded ? N * Hp * Wp * g.C : 0),
    dy = dyr >= 0 ? dyr : dys,
    dw = dys + (dyr >= 0 ? 0 : dyv.length);
  core.reserve(dw + T * KO - core.base);
  const h = core.f32;
  if (xr < 0) h.set(xv, x);
  if (dyr < 0) h.set(dyv, dy);
  if (padded) padImages(core, g, N, x, xp, Hp, Wp);
  const src = padded ? xp : x;
  if (P > 1) for (let t = 0; t < T; t++) h.fill(0, dw + t * KO, dw + (t + 1) * KO);
  core.run!(
    splitRange(M, P, 4).map(([m0, m1]): Job => [
      'conv_dw_direct',
      src * 4,
      padded ? Hp : g.H,
      padded ? Wp : g.W,
      g.C,
      g.KH,
      g.KW,
      g.SH,
      g.SW,
      g.DH,
      g.OH,
      g.OW,
      m0,
      m1,
      dy * 4,
      OC,
      OCp,
      dw * 4,
      P > 1 ? 1 : 0,
    ]),
    { args: [16], stride: KO * 4 },
  );
  if (T > 1)
    core.run!(splitRange(KO, T, 4).map(([i0, i1]) => ['sum_rows', (dw + i0) * 4, (dw + i0) * 4, T, KO, i1 - i0]));
  return takeRows(core.f32, dw, K, OC, OCp);
}

/** dW[KH, KW, C, OC] from x and dy. */
export function convBackpropFilter(core: Core, xv: Float32Array, dyv: Float32Array, ci: ConvInfoLike): Float32Array {
  const g = geomOf(ci);
  const N = ci.batchSize,
    OC = ci.outChannels;
  const K = g.KH * g.KW * g.C;
  const M = N * g.OH * g.OW;
  const pw = isPointwise(g);
  // direct only for few input channels: there it saves an im2col as costly as the GEMM (LeNet: C = 1 and 6); with
  // ResNet-20's 16-64 channels, im2col + GEMM measured faster
  if (
    core.run &&
    !pw &&
    g.DW === 1 &&
    g.C < DIRECT_DW_MAX_C &&
    M > 0 &&
    fitsDirect(core, xv.length, g, N, dyv.length + core.threads * K * (OC + 3))
  )
    return convBackpropFilterDirect(core, xv, dyv, ci);
  const mc = rowsPerChunk(K, M);
  // threads accumulate the pieces they take into their own copy of dW, summed at the end; thread t's copy and its
  // im2col scratch lie together at dw + t*R, so one per-thread stride moves both
  const P = core.run ? piecesFor(core, M * K * OC, Math.ceil(M / 4)) : 1;
  const T = P > 1 ? core.threads : 1;
  const KO = K * OC;
  const R = KO + (pw ? 0 : mc * K);
  // resident x and dy are read where they lie in the heap (alloc.ts)
  const xr = residentAt(core, xv),
    dyr = residentAt(core, dyv);
  const x = xr >= 0 ? xr : core.base,
    dys = core.base + (xr >= 0 ? 0 : xv.length),
    dy = dyr >= 0 ? dyr : dys,
    dw = dys + (dyr >= 0 ? 0 : dyv.length),
    col = dw + KO;
  core.reserve(dw - core.base + T * R);
  const h = core.f32;
  if (xr < 0) h.set(xv, x);
  if (dyr < 0) h.set(dyv, dy);
  if (M === 0) h.fill(0, dw, dw + K * OC);
  else if (core.run) {
    if (P > 1) for (let t = 0; t < T; t++) h.fill(0, dw + t * R, dw + t * R + KO);
    const acc = P > 1 ? 1 : 0;
    core.run(
      splitRange(M, P, 4).map(([m0, m1]): Job =>
        pw
          ? ['gemm_tn', K, OC, m1 - m0, (x + m0 * K) * 4, K, (dy + m0 * OC) * 4, OC, dw * 4, OC, acc]
          : ['conv_dw_rows', x * 4, ...geomArgs(g), m0, m1, mc, col * 4, dy * 4, OC, dw * 4, acc],
      ),
      { args: pw ? [7] : [COL_ARG, 20], stride: R * 4 },
    );
    if (T > 1)
      core.run(splitRange(KO, T, 4).map(([i0, i1]) => ['sum_rows', (dw + i0) * 4, (dw + i0) * 4, T, R, i1 - i0]));
  } else if (pw) {
    core.gemmTN(K, OC, M, x, K, dy, OC, dw, OC, false);
  } else {
    for (let m0 = 0; m0 < M; m0 += mc) {
      const rows = Math.min(mc, M - m0);
      core.im2col(g, x, m0, rows, col);
      core.gemmTN(K, OC, rows, col, K, dy + m0 * OC, OC, dw, OC, m0 > 0);
    }
  }
  return copyOut(core.f32, dw, K * OC);
}

/**
 * Input channels from which a stride-1 input gradient runs as a forward convolution. Below, GEMM + col2im measured
 * ~2x faster (LeNet's conv2, C = 6: the full convolution pads 6 output channels to 8 and reduces over KH*KW*OC =
 * 400, much of it zero padding, where the GEMM reduces over OC = 16).
 */
export const FULL_DX_MIN_C = 16;

/**
 * dx[N, H, W, C] from dy and the filter. Stride 1 (any padding, filter larger than 1x1, C >= FULL_DX_MIN_C): dx is
 * the forward convolution of dy with the filter rotated 180 degrees and in/out channels swapped, padded by K-1-pad.
 * That GEMM reduces over KH*KW*OC instead of OC and needs no scatter-add, so it runs like a forward conv.
 */
export function convBackpropInput(core: Core, dyv: Float32Array, wv: Float32Array, ci: ConvInfoLike): Float32Array {
  const g = geomOf(ci);
  if (g.SH === 1 && g.SW === 1 && g.DH === 1 && g.DW === 1 && !isPointwise(g) && g.C >= FULL_DX_MIN_C) {
    const { KH, KW, C } = g,
      OC = ci.outChannels;
    const wr = new Float32Array(wv.length); // [KH, KW, OC, C]
    for (let kh = 0; kh < KH; kh++) {
      for (let kw = 0; kw < KW; kw++) {
        const src = ((KH - 1 - kh) * KW + (KW - 1 - kw)) * C * OC,
          dst = (kh * KW + kw) * OC * C;
        for (let c = 0; c < C; c++) for (let o = 0; o < OC; o++) wr[dst + o * C + c] = wv[src + c * OC + o];
      }
    }
    const padT = KH - 1 - g.padT,
      padL = KW - 1 - g.padL;
    const t: ConvInfoLike = {
      batchSize: ci.batchSize,
      inHeight: g.OH,
      inWidth: g.OW,
      inChannels: OC,
      outHeight: g.H,
      outWidth: g.W,
      outChannels: C,
      strideHeight: 1,
      strideWidth: 1,
      dilationHeight: 1,
      dilationWidth: 1,
      filterHeight: KH,
      filterWidth: KW,
      padInfo: { top: padT, left: padL, bottom: 0, right: 0 },
      outShape: [ci.batchSize, g.H, g.W, C],
      inShape: [ci.batchSize, g.OH, g.OW, OC],
    };
    if (padT >= 0 && padL >= 0 && padT < KH && padL < KW) return convForward(core, dyv, wr, null, t, ACT_LINEAR, 0);
  }
  const N = ci.batchSize,
    OC = ci.outChannels;
  const K = g.KH * g.KW * g.C;
  const M = N * g.OH * g.OW;
  const pw = isPointwise(g);
  const mc = rowsPerChunk(K, M);
  // threads take whole images, so their col2im scatter-adds never meet
  const P = core.run ? piecesFor(core, M * K * OC, pw ? Math.ceil(M / 4) : N) : 1;
  const T = P > 1 ? core.threads : 1;
  const xs = N * g.H * g.W * g.C;
  const dy = core.base,
    wt = dy + dyv.length,
    dx = wt + K * OC,
    col = dx + xs;
  core.reserve(col - core.base + (pw ? 0 : T * mc * K));
  const h = core.f32;
  h.set(dyv, dy);
  // W^T: [OC, K]
  for (let k = 0; k < K; k++) {
    const src = k * OC;
    for (let o = 0; o < OC; o++) h[wt + o * K + k] = wv[src + o];
  }
  if (core.run) {
    if (pw) gemmPar(core, false, M, K, OC, dy, OC, wt, K, dx, K);
    else {
      h.fill(0, dx, dx + xs);
      const ohw = g.OH * g.OW;
      core.run(
        splitRange(N, P, 1).map(([n0, n1]) => [
          'conv_dx_rows',
          dy * 4,
          ...geomArgs(g),
          n0 * ohw,
          n1 * ohw,
          mc,
          col * 4,
          wt * 4,
          OC,
          dx * 4,
        ]),
        { args: [COL_ARG], stride: mc * K * 4 },
      );
    }
  } else if (pw) {
    core.gemmNN(M, K, OC, dy, OC, wt, K, dx, K, false);
  } else {
    h.fill(0, dx, dx + xs);
    for (let m0 = 0; m0 < M; m0 += mc) {
      const rows = Math.min(mc, M - m0);
      core.gemmNN(rows, K, OC, dy + m0 * OC, OC, wt, K, col, K, false);
      core.col2im(g, col, m0, rows, dx);
    }
  }
  return copyOut(core.f32, dx, xs);
}

/**
 * Batched matmul with tfjs semantics for rank-3 views: a [Ba, M, K] (or [Ba, K, M] if transposeA),
 * b [Bb, K, N] (or [Bb, N, K] if transposeB); Ba and Bb equal or 1. Optional bias [N] and activation.
 */
export function batchMatMul(
  core: Core,
  av: Float32Array,
  bv: Float32Array,
  Ba: number,
  Bb: number,
  M: number,
  N: number,
  K: number,
  transposeA: boolean,
  transposeB: boolean,
  bias: Float32Array | null,
  act: number,
  alpha: number,
): Float32Array {
  const B = Math.max(Ba, Bb);
  const a = core.base,
    b = a + av.length,
    bt = b + bv.length,
    bias0 = bt + (transposeB ? K * N : 0),
    c = bias0 + N;
  const cs = B * M * N;
  core.reserve(c + cs - core.base);
  const h = core.f32;
  h.set(av, a);
  h.set(bv, b);
  if (bias) h.set(bias, bias0);
  let lastB = -1;
  for (let p = 0; p < B; p++) {
    const ap = a + (Ba === 1 ? 0 : p) * M * K;
    const pb = Bb === 1 ? 0 : p;
    let bp = b + pb * K * N;
    if (transposeB) {
      // B stored [N, K]: make it [K, N] once per distinct batch
      if (pb !== lastB) {
        if (core.run) core.run([['transpose', bp * 4, N, K, bt * 4]]);
        else
          for (let n = 0; n < N; n++) {
            const src = bp + n * K;
            for (let k = 0; k < K; k++) h[bt + k * N + n] = h[src + k];
          }
        lastB = pb;
      }
      bp = bt;
    }
    const cp = c + p * M * N;
    if (K === 0) {
      h.fill(0, cp, cp + M * N);
      continue;
    }
    if (core.run) gemmPar(core, transposeA, M, N, K, ap, transposeA ? M : K, bp, N, cp, N);
    else if (transposeA) core.gemmTN(M, N, K, ap, M, bp, N, cp, N, false);
    else core.gemmNN(M, N, K, ap, K, bp, N, cp, N, false);
  }
  if (core.run) biasActPar(core, c, B * M, N, bias ? bias0 : -1, act, alpha);
  else if (bias || act !== ACT_LINEAR) core.biasAct(c, B * M, N, bias ? bias0 : -1, act, alpha);
  return copyOut(core.f32, c, cs);
}
