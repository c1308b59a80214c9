// Elementwise, reduction and batch-norm kernels on the wasm core: copy the inputs into the heap, run the SIMD loops of
// wasm/core.c (cut into element or row ranges, spread over the threads when the tensor is big enough), copy the result
// out. The plain-JS versions (elementwise.ts, grads.ts) stay for the JS core and for tensors too small to pay for the
// copies; the two agree to float rounding (kernels.test.ts, ewcore.test.ts).
//
// The copies are cheap next to the arithmetic in JS: a 4 MB Float32Array.set runs at memcpy speed, a JS loop over the
// same floats several times slower; and only the core's threads can share the work.
//
// On a threaded core with resident tensors (alloc.ts, Core.resident) an output comes from the shared heap: the kernel
// then runs on every thread, reads its resident inputs where they lie and writes the output in place (coreFor,
// operands, copy); only inputs that are not resident are still copied in. Without a resident output it runs as before.
import { allocF32 } from './alloc';
import { f32Bits, piecesFor, splitRange } from './conv';
import { residentAt, type Core, type Job } from './core';
import { MAX_JOBS, type PerThread } from './threads';

/** Elements below which the plain-JS kernels run (copies and a wasm call cost more than they save). */
export const EW_MIN = 2048;
/** Work units per element for threadsFor (MIN_PARALLEL_WORK / EW_WORK = 32 Ki elements before a kernel splits). */
const EW_WORK = 8;
/** Elements per piece at least (a piece smaller than this costs more to hand out than it saves). */
const PIECE_MIN = 4096;
/**
 * Elements per piece at most when the kernel is threaded: the other threads compute piece k while thread 0 copies
 * piece k + 1 in and the finished pieces out (see stream), so the pieces must be small enough for the copies to
 * overlap. On one thread the kernel stays one piece (cutting it saved no time there: measured).
 */
const PIECE_MAX = 1 << 17;

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
  const P0 = piecesFor(core, n * EW_WORK, Math.min(units, Math.max(1, Math.floor(n / pieceMin))));
  const P = P0 <= 1 ? 1 : Math.min(units, MAX_JOBS, Math.max(P0, Math.ceil(n / PIECE_MAX)));
  return P <= 1 ? [[0, units]] : splitRange(units, P, align);
}

/** A copy between a tensor's values and the heap: [array, offset in it, heap float offset, floats]. */
type Copy = readonly [Float32Array, number, number, number];
/** One piece of a streamed kernel: its job, what to copy in before it runs and out once it is done. */
interface Piece {
  job: Job;
  ins: Copy[];
  outs: Copy[];
}

/**
 * Runs the pieces with the copies overlapped (Core.runStreamed): thread 0 copies piece k in while the other threads
 * compute the pieces before it, and copies each piece out as soon as it is done. The elementwise kernels are memory
 * bound, so the copies are most of their time, and only thread 0 can make them (the tensors live outside the shared
 * heap): without the overlap a second thread saved nothing.
 */
function stream(core: Core & { run: NonNullable<Core['run']> }, pieces: Piece[], perThread?: PerThread): void {
  const copyIn = (k: number) => {
    const h = core.f32;
    for (const [a, ao, ho, n] of pieces[k].ins) h.set(a.subarray(ao, ao + n), ho);
  };
  const copyOut = (k: number) => {
    const h = core.f32;
    for (const [a, ao, ho, n] of pieces[k].outs) a.set(h.subarray(ho, ho + n), ao);
  };
  const jobs = pieces.map((p) => p.job);
  if (core.runStreamed) core.runStreamed(jobs, copyIn, copyOut, perThread);
  else {
    pieces.forEach((_, k) => copyIn(k));
    core.run(jobs, perThread);
    pieces.forEach((_, k) => copyOut(k));
  }
}

type RunCore = Core & { run: NonNullable<Core['run']> };

/**
 * The core an elementwise kernel runs on. A threaded core hands them to its one-thread core over private memory
 * (Core.serialCore): these kernels are memory-bound and mostly copies, V8 copies into and out of shared memory ~1.7x
 * slower (measured: 4 MB in 0.147 ms against 0.087 ms), and even streamed over 2 threads every one of them ran
 * slower than on one thread over private memory (fastest of 75 single calls, 64x32x32x16 floats: add 0.77 against
 * 0.64 ms, relu 0.44 / 0.36, batch norm 0.47 / 0.44, sub 0.48 / 0.34). minParallelWork 0 (the tests) keeps them on
 * the threads, so the streamed path stays exercised for machines where it pays.
 */
function target(core: RunCore): RunCore {
  if (core.threads > 1 && core.minParallelWork !== 0 && core.serialCore) return core.serialCore() as RunCore;
  return core;
}

const at = residentAt;

/**
 * The core for a kernel whose output is `out`: a resident output is written in place by every thread (inputs that
 * are resident too are read in place, the rest copied into the scratch); otherwise `target`.
 */
function coreFor(core: RunCore, out: Float32Array): RunCore {
  return at(core, out) >= 0 ? core : target(core);
}

/** The copy of a piece of an operand, unless it is resident (read or written in place). */
function copy(resident: boolean, a: Float32Array, ao: number, ho: number, n: number): Copy[] {
  return resident ? [] : [[a, ao, ho, n]];
}

/**
 * Heap offsets of operands: each resident one where it lies, the others placed in the scratch (see place); a null
 * array is a plain scratch block.
 */
function operands(core: Core, ops: Array<[Float32Array | null, number]>): number[] {
  const res = ops.map(([a]) => (a ? at(core, a) : -1));
  const offs = place(
    core,
    ops.map(([, n], i) => (res[i] >= 0 ? 0 : n)),
  );
  return res.map((r, i) => (r >= 0 ? r : offs[i]));
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
  const out = allocF32(total);
  core = coreFor(core, out);
  const code = EW_OPS[op];
  const swap = ak !== 'full';
  const full = swap ? bv : av,
    other = swap ? av : bv;
  const kind = swap ? ak : bk;
  const otherLen = kind === 'full' ? total : kind === 'repeat' ? S : total / S;
  const [f, g, o] = operands(core, [
    [full, total],
    [other, otherLen],
    [out, total],
  ]);
  const fIn = at(core, full) >= 0,
    gIn = at(core, other) >= 0,
    oIn = at(core, out) >= 0;
  if (kind !== 'full' && !gIn) core.f32.set(other.subarray(0, otherLen), g); // whole, before the pieces
  let pieces: Piece[];
  // each piece: elements [e0, e1) of the full operand and of the output
  const piece = (job: Job, e0: number, e1: number): Piece => ({
    job,
    ins: [...copy(fIn, full, e0, f + e0, e1 - e0), ...(kind === 'full' ? copy(gIn, other, e0, g + e0, e1 - e0) : [])],
    outs: copy(oIn, out, e0, o + e0, e1 - e0),
  });
  if (kind === 'full') {
    pieces = ranges(core, total, 1, 4).map(([i0, i1]) =>
      piece(['ew_ff', code, (f + i0) * 4, (g + i0) * 4, (o + i0) * 4, i1 - i0], i0, i1),
    );
  } else if (kind === 'repeat') {
    // S = 1: each "row" is one element
    pieces = ranges(core, total / S, S, S === 1 ? 4 : 1).map(([r0, r1]) =>
      piece(['ew_fr', code, (f + r0 * S) * 4, g * 4, (o + r0 * S) * 4, r1 - r0, S, swap ? 1 : 0], r0 * S, r1 * S),
    );
  } else {
    pieces = ranges(core, total / S, S).map(([q0, q1]) =>
      piece(
        ['ew_fl', code, (f + q0 * S) * 4, (g + q0) * 4, (o + q0 * S) * 4, q1 - q0, S, swap ? 1 : 0],
        q0 * S,
        q1 * S,
      ),
    );
  }
  stream(core, pieces);
  return out;
}

/** Unary kernels of wasm/core.c ew_unary / ew_unary_grad. */
export const EW_RELU = 0;
export const EW_SQUARE = 1;

/** relu (max(x, 0) on the bits) or square of xv. */
export function unaryCore(core: Core & { run: NonNullable<Core['run']> }, fn: number, xv: Float32Array): Float32Array {
  const n = xv.length;
  const out = allocF32(n);
  core = coreFor(core, out);
  const [x, o] = operands(core, [
    [xv, n],
    [out, n],
  ]);
  const xIn = at(core, xv) >= 0,
    oIn = at(core, out) >= 0;
  stream(
    core,
    ranges(core, n, 1, 4).map(([i0, i1]) => ({
      job: ['ew_unary', fn, (x + i0) * 4, (o + i0) * 4, i1 - i0],
      ins: copy(xIn, xv, i0, x + i0, i1 - i0),
      outs: copy(oIn, out, i0, o + i0, i1 - i0),
    })),
  );
  return out;
}

/** The gradient of relu (dy where x > 0) or square (dy * 2x). */
export function unaryGradCore(
  core: Core & { run: NonNullable<Core['run']> },
  fn: number,
  xv: Float32Array,
  dyv: Float32Array,
): Float32Array {
  const n = xv.length;
  const out = allocF32(n);
  core = coreFor(core, out);
  const [x, dy, o] = operands(core, [
    [xv, n],
    [dyv, n],
    [out, n],
  ]);
  const xIn = at(core, xv) >= 0,
    dyIn = at(core, dyv) >= 0,
    oIn = at(core, out) >= 0;
  stream(
    core,
    ranges(core, n, 1, 4).map(([i0, i1]) => ({
      job: ['ew_unary_grad', fn, (x + i0) * 4, (dy + i0) * 4, (o + i0) * 4, i1 - i0],
      ins: [...copy(xIn, xv, i0, x + i0, i1 - i0), ...copy(dyIn, dyv, i0, dy + i0, i1 - i0)],
      outs: copy(oIn, out, i0, o + i0, i1 - i0),
    })),
  );
  return out;
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
  const out = allocF32(n);
  core = coreFor(core, out);
  const [x, o, mp, kp, op] = operands(core, [
    [xv, n],
    [out, n],
    [null, C],
    [null, C],
    [null, C],
  ]);
  const xIn = at(core, xv) >= 0,
    oIn = at(core, out) >= 0;
  const h = core.f32;
  h.set(m, mp);
  h.set(k, kp);
  h.set(off, op);
  stream(
    core,
    ranges(core, rows, C).map(([r0, r1]) => ({
      job: ['bn_fwd', (x + r0 * C) * 4, (o + r0 * C) * 4, r1 - r0, C, mp * 4, kp * 4, op * 4],
      ins: copy(xIn, xv, r0 * C, x + r0 * C, (r1 - r0) * C),
      outs: copy(oIn, out, r0 * C, o + r0 * C, (r1 - r0) * C),
    })),
  );
  return out;
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
  const dxOut = allocF32(n);
  core = coreFor(core, dxOut);
  const rs = ranges(core, rows, C);
  const T = rs.length > 1 ? core.threads : 1;
  const sumFloats = (4 * C + 3) & ~3; // 2C doubles, per thread
  const [x, dy, dx, mp, kp, sums] = operands(core, [
    [xv, n],
    [dyv, n],
    [dxOut, n],
    [null, C],
    [null, C],
    [null, T * sumFloats],
  ]);
  const xIn = at(core, xv) >= 0,
    dyIn = at(core, dyv) >= 0,
    dxIn = at(core, dxOut) >= 0;
  const h = core.f32;
  h.set(m, mp);
  h.set(k, kp);
  h.fill(0, sums, sums + T * sumFloats);
  const perThread: PerThread = { args: [7], stride: sumFloats * 4 };
  stream(
    core,
    rs.map(([r0, r1]) => {
      const e0 = r0 * C,
        ne = (r1 - r0) * C;
      return {
        job: ['bn_grad', (x + e0) * 4, (dy + e0) * 4, (dx + e0) * 4, r1 - r0, C, mp * 4, kp * 4, sums * 4],
        ins: [...copy(xIn, xv, e0, x + e0, ne), ...copy(dyIn, dyv, e0, dy + e0, ne)],
        outs: copy(dxIn, dxOut, e0, dx + e0, ne),
      };
    }),
    perThread,
  );
  const all = new Float64Array(h.buffer, h.byteOffset + sums * 4, (T * sumFloats) / 2);
  const total = new Float64Array(2 * C);
  for (let t = 0; t < T; t++) for (let i = 0; i < 2 * C; i++) total[i] += all[(t * sumFloats) / 2 + i];
  return { dx: dxOut, sums: total };
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
  // a resident input is summed in place by every thread; else on `target` (the output is small)
  if (at(core, xv) < 0) core = target(core);
  const n = outer * red * inner,
    m = outer * inner;
  // one block: the threads split its rows, each summing into its own copy of acc; else they split the blocks
  const rs = outer === 1 ? ranges(core, red, inner) : ranges(core, outer, red * inner);
  const T = outer === 1 && rs.length > 1 ? core.threads : 1;
  const accFloats = (2 * m + 3) & ~3;
  const [x, acc] = operands(core, [
    [xv, n],
    [null, T * accFloats],
  ]);
  const xIn = at(core, xv) >= 0;
  const h = core.f32;
  h.fill(0, acc, acc + T * accFloats);
  if (outer === 1)
    stream(
      core,
      rs.map(([r0, r1]) => ({
        job: ['reduce_sum', (x + r0 * inner) * 4, 1, r1 - r0, inner, acc * 4],
        ins: copy(xIn, xv, r0 * inner, x + r0 * inner, (r1 - r0) * inner),
        outs: [],
      })),
      T > 1 ? { args: [4], stride: accFloats * 4 } : undefined,
    );
  else
    stream(
      core,
      rs.map(([o0, o1]) => ({
        job: ['reduce_sum', (x + o0 * red * inner) * 4, o1 - o0, red, inner, (acc + o0 * inner * 2) * 4],
        ins: copy(xIn, xv, o0 * red * inner, x + o0 * red * inner, (o1 - o0) * red * inner),
        outs: [],
      })),
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

/** Optimizer updates of wasm/core.c opt_update (see optimizer.ts). */
export const OPT_SGD = 0;
export const OPT_MOMENTUM = 1;
export const OPT_ADAM = 2;
export const OPT_RMSPROP = 3;

/**
 * One optimizer update over a variable's n elements: value p and gradient g, the state slots `state` (0-2 arrays:
 * momentum's accumulation; Adam's m and v; RMSProp's mean square and moment), and up to 8 parameters (floats, passed
 * as float32 bits; momentum's third is the Nesterov flag, passed as is). Returns the new value and the new state
 * slots, fresh arrays from the output pool: resident ones are written in place by every thread, the rest copied out.
 */
export function optimizerCore(
  core: Core & { run: NonNullable<Core['run']> },
  kind: number,
  p: Float32Array,
  g: Float32Array,
  state: Float32Array[],
  params: number[],
): Float32Array[] {
  const n = p.length;
  const outs = [p, ...state].map(() => allocF32(n));
  core = coreFor(core, outs[0]);
  const ins = [p, g, ...state];
  const offs = operands(core, [
    ...ins.map((a): [Float32Array, number] => [a, n]),
    ...outs.map((a): [Float32Array, number] => [a, n]),
  ]);
  const inOff = offs.slice(0, ins.length),
    outOff = offs.slice(ins.length);
  const inRes = ins.map((a) => at(core, a) >= 0),
    outRes = outs.map((a) => at(core, a) >= 0);
  // absent state slots point at the gradient (read, never written: each kind touches only its own slots)
  const s1 = state.length > 0 ? inOff[2] : inOff[1],
    s2 = state.length > 1 ? inOff[3] : inOff[1];
  const o1 = outs.length > 1 ? outOff[1] : outOff[0],
    o2 = outs.length > 2 ? outOff[2] : outOff[0];
  const bits = params.map((v, i) => (kind === OPT_MOMENTUM && i === 2 ? v : f32Bits(v)));
  while (bits.length < 8) bits.push(0);
  stream(
    core,
    ranges(core, n, 1, 4).map(([i0, i1]) => ({
      job: [
        'opt_update',
        kind,
        (inOff[0] + i0) * 4,
        (inOff[1] + i0) * 4,
        (s1 + i0) * 4,
        (s2 + i0) * 4,
        (outOff[0] + i0) * 4,
        (o1 + i0) * 4,
        (o2 + i0) * 4,
        i1 - i0,
        ...bits,
      ],
      ins: ins.flatMap((a, j) => copy(inRes[j], a, i0, inOff[j] + i0, i1 - i0)),
      outs: outs.flatMap((a, j) => copy(outRes[j], a, i0, outOff[j] + i0, i1 - i0)),
    })),
  );
  return outs;
}
