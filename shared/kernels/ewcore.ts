// Elementwise, reduction and batch-norm kernels on the wasm core: copy the inputs into the heap, run the SIMD loops of
// wasm/core.c (cut into element or row ranges, spread over the threads when the tensor is big enough), copy the result
// out. The plain-JS versions (elementwise.ts, grads.ts) stay for the JS core and for tensors too small to pay for the
// copies; the two agree to float rounding (kernels.test.ts, ewcore.test.ts).
//
// The copies are cheap next to the arithmetic in JS: a 4 MB Float32Array.set runs at memcpy speed, a JS loop over the
// same floats several times slower; and only the core's threads can share the work.
import { allocF32 } from './alloc';
import { piecesFor, splitRange } from './conv';
import type { Core, Job } from './core';
import type { PerThread } from './threads';

/** Elements below which the plain-JS kernels run (copies and a wasm call cost more than they save). */
export const EW_MIN = 2048;
/** Work units per element for threadsFor (MIN_PARALLEL_WORK / EW_WORK = 32 Ki elements before a kernel splits). */
const EW_WORK = 8;
/** Elements per piece at least (a piece smaller than this costs more to hand out than it saves). */
const PIECE_MIN = 4096;

/** The core runs the elementwise kernels (the wasm core, on one thread or several). */
export function coreEw(core: Core | null | undefined): core is Core & { run: NonNullable<Core['run']> } {
  return !!core && core.mode === 'wasm' && !!core.run;
}

/** Binary op codes shared with wasm/core.c (OP_*). */
export const EW_OPS = { add: 0, sub: 1, mul: 2, div: 3, sqdiff: 4 } as const;

/** Float offsets in the heap for blocks of the given sizes, each on a 16-byte boundary; reserves them. */
function place(core: Core, sizes: number[]): number[] {
  const offs: number[] = [];
  let p = core.base;
  for (const n of sizes) {
    offs.push(p);
    p += (n + 3) & ~3;
  }
  core.reserve(p - core.base);
  return offs;
}

/** [start, end) ranges of `units` (each `per` elements) for the threads: one range when the kernel stays on one. */
function ranges(core: Core, units: number, per: number, align = 1): Array<[number, number]> {
  const n = units * per;
  // minParallelWork 0 (the tests): split even the smallest kernels, so every boundary is exercised
  const pieceMin = core.minParallelWork === 0 ? 1 : PIECE_MIN;
  const P = piecesFor(core, n * EW_WORK, Math.min(units, Math.max(1, Math.floor(n / pieceMin))));
  return P <= 1 ? [[0, units]] : splitRange(units, P, align);
}

/** Elementwise pattern of a binary op's operands (see elementwise.ts patternOf). */
export type EwShape = 'full' | 'repeat' | 'leading';

/**
 * o = a op b where one operand is full (`total` elements) and the other is full, repeats every `S` elements
 * ('repeat'; S = 1: a scalar) or holds one value per block of `S` ('leading').
 */
export function binaryCore(
  core: Core & { run: NonNullable<Core['run']> },
  op: keyof typeof EW_OPS,
  av: Float32Array,
  ak: EwShape,
  bv: Float32Array,
  bk: EwShape,
  total: number,
  S: number,
): Float32Array {
  const code = EW_OPS[op];
  const swap = ak !== 'full';
  const full = swap ? bv : av,
    other = swap ? av : bv;
  const kind = swap ? ak : bk;
  const otherLen = kind === 'full' ? total : kind === 'repeat' ? S : total / S;
  const [f, g, o] = place(core, [total, otherLen, total]);
  const h = core.f32;
  h.set(full.subarray(0, total), f);
  h.set(other.subarray(0, otherLen), g);
  let jobs: Job[];
  if (kind === 'full') {
    jobs = ranges(core, total, 1, 4).map(([i0, i1]) => [
      'ew_ff',
      code,
      (f + i0) * 4,
      (g + i0) * 4,
      (o + i0) * 4,
      i1 - i0,
    ]);
  } else if (kind === 'repeat') {
    // S = 1: each "row" is one element
    jobs = ranges(core, total / S, S, S === 1 ? 4 : 1).map(([r0, r1]) => [
      'ew_fr',
      code,
      (f + r0 * S) * 4,
      g * 4,
      (o + r0 * S) * 4,
      r1 - r0,
      S,
      swap ? 1 : 0,
    ]);
  } else {
    jobs = ranges(core, total / S, S).map(([q0, q1]) => [
      'ew_fl',
      code,
      (f + q0 * S) * 4,
      (g + q0) * 4,
      (o + q0 * S) * 4,
      q1 - q0,
      S,
      swap ? 1 : 0,
    ]);
  }
  core.run(jobs);
  return copyOutOf(core, o, total);
}

function copyOutOf(core: Core, from: number, n: number): Float32Array {
  const out = allocF32(n);
  out.set(core.f32.subarray(from, from + n));
  return out;
}

/** Unary kernels of wasm/core.c ew_unary / ew_unary_grad. */
export const EW_RELU = 0;
export const EW_SQUARE = 1;

/** relu (max(x, 0) on the bits) or square of xv. */
export function unaryCore(core: Core & { run: NonNullable<Core['run']> }, fn: number, xv: Float32Array): Float32Array {
  const n = xv.length;
  const [x, o] = place(core, [n, n]);
  core.f32.set(xv, x);
  core.run(ranges(core, n, 1, 4).map(([i0, i1]) => ['ew_unary', fn, (x + i0) * 4, (o + i0) * 4, i1 - i0]));
  return copyOutOf(core, o, n);
}

/** The gradient of relu (dy where x > 0) or square (dy * 2x). */
export function unaryGradCore(
  core: Core & { run: NonNullable<Core['run']> },
  fn: number,
  xv: Float32Array,
  dyv: Float32Array,
): Float32Array {
  const n = xv.length;
  const [x, dy, o] = place(core, [n, n, n]);
  const h = core.f32;
  h.set(xv, x);
  h.set(dyv.subarray(0, n), dy);
  core.run(
    ranges(core, n, 1, 4).map(([i0, i1]) => ['ew_unary_grad', fn, (x + i0) * 4, (dy + i0) * 4, (o + i0) * 4, i1 - i0]),
  );
  return copyOutOf(core, o, n);
}

/** Batch norm forward over rows of C channels: off + (x - m) * k, k and off per channel (float32 arrays of C). */
export function batchNormCore(
  core: Core & { run: NonNullable<Core['run']> },
  xv: Float32Array,
  m: Float32Array,
  k: Float32Array,
  off: Float32Array,
): Float32Array {
  const n = xv.length,
    C = m.length,
    rows = n / C;
  const [x, o, mp, kp, op] = place(core, [n, n, C, C, C]);
  const h = core.f32;
  h.set(xv, x);
  h.set(m, mp);
  h.set(k, kp);
  h.set(off, op);
  core.run(
    ranges(core, rows, C).map(([r0, r1]) => [
      'bn_fwd',
      (x + r0 * C) * 4,
      (o + r0 * C) * 4,
      r1 - r0,
      C,
      mp * 4,
      kp * 4,
      op * 4,
    ]),
  );
  return copyOutOf(core, o, n);
}

/**
 * Batch norm gradient over rows of C channels: returns dx = dy * k and the per-channel sums of dy and of
 * dy * (x - m) (double precision, [sumDy..., sumDyXm...]).
 */
export function batchNormGradCore(
  core: Core & { run: NonNullable<Core['run']> },
  xv: Float32Array,
  dyv: Float32Array,
  m: Float32Array,
  k: Float32Array,
): { dx: Float32Array; sums: Float64Array } {
  const n = xv.length,
    C = m.length,
    rows = n / C;
  const rs = ranges(core, rows, C);
  const T = rs.length > 1 ? core.threads : 1;
  const sumFloats = (4 * C + 3) & ~3; // 2C doubles, per thread
  const [x, dy, dx, mp, kp, sums] = place(core, [n, n, n, C, C, T * sumFloats]);
  const h = core.f32;
  h.set(xv, x);
  h.set(dyv.subarray(0, n), dy);
  h.set(m, mp);
  h.set(k, kp);
  h.fill(0, sums, sums + T * sumFloats);
  const perThread: PerThread = { args: [7], stride: sumFloats * 4 };
  core.run(
    rs.map(([r0, r1]) => [
      'bn_grad',
      (x + r0 * C) * 4,
      (dy + r0 * C) * 4,
      (dx + r0 * C) * 4,
      r1 - r0,
      C,
      mp * 4,
      kp * 4,
      sums * 4,
    ]),
    perThread,
  );
  const all = new Float64Array(h.buffer, h.byteOffset + sums * 4, (T * sumFloats) / 2);
  const total = new Float64Array(2 * C);
  for (let t = 0; t < T; t++) for (let i = 0; i < 2 * C; i++) total[i] += all[(t * sumFloats) / 2 + i];
  return { dx: copyOutOf(core, dx, n), sums: total };
}

/** Sum over the middle axis of xv viewed as [outer, red, inner], times `scale` (double sums, as sumContiguous). */
export function sumCore(
  core: Core & { run: NonNullable<Core['run']> },
  xv: Float32Array,
  outer: number,
  red: number,
  inner: number,
  scale: number,
): Float32Array {
  const n = outer * red * inner,
    m = outer * inner;
  // one block: the threads split its rows, each summing into its own copy of acc; else they split the blocks
  const rs = outer === 1 ? ranges(core, red, inner) : ranges(core, outer, red * inner);
  const T = outer === 1 && rs.length > 1 ? core.threads : 1;
  const accFloats = (2 * m + 3) & ~3;
  const [x, acc] = place(core, [n, T * accFloats]);
  const h = core.f32;
  h.set(xv.subarray(0, n), x);
  h.fill(0, acc, acc + T * accFloats);
  if (outer === 1)
    core.run(
      rs.map(([r0, r1]) => ['reduce_sum', (x + r0 * inner) * 4, 1, r1 - r0, inner, acc * 4]),
      T > 1 ? { args: [4], stride: accFloats * 4 } : undefined,
    );
  else
    core.run(
      rs.map(([o0, o1]) => ['reduce_sum', (x + o0 * red * inner) * 4, o1 - o0, red, inner, (acc + o0 * inner * 2) * 4]),
    );
  const a = new Float64Array(h.buffer, h.byteOffset + acc * 4, (T * accFloats) / 2);
  const out = allocF32(m);
  for (let i = 0; i < m; i++) {
    let s = a[i];
    for (let t = 1; t < T; t++) s += a[(t * accFloats) / 2 + i];
    out[i] = s * scale;
  }
  return out;
}
