import { allocF32 } from './alloc';
import type { Core } from './core';
import { batchNormCore, binaryCore, coreEw, EW_MIN, EW_RELU, sumCore, unaryCore } from './ewcore';

// Reductions, broadcasting binary ops, unary ops and batch norm on plain typed arrays. Given the wasm core (`core`),
// tensors of EW_MIN elements and more go to its SIMD versions (ewcore.ts; threaded when large); the plain-JS loops
// here serve the JS core and small tensors. Each returns null when the case is not covered, and the caller falls back
// to the stock kernel.

/** Sum over a contiguous range of axes viewed as [outer, red, inner]; accumulates in double like the stock kernel. */
export function sumContiguous(
  xv: Float32Array,
  outer: number,
  red: number,
  inner: number,
  scale: number,
  core?: Core | null,
): Float32Array {
  if (coreEw(core) && outer * red * inner >= EW_MIN) return sumCore(core, xv, outer, red, inner, scale);
  const out = allocF32(outer * inner);
  if (inner === 1) {
    let p = 0;
    for (let o = 0; o < outer; o++) {
      let s = 0;
      for (let r = 0; r < red; r++) s += xv[p++];
      out[o] = s * scale;
    }
    return out;
  }
  // Same order of additions per output as a plain row loop (so the same result), but the running sums live in
  // locals, four channels at a time, over blocks of rows that stay in L1: a Float64Array load+store per element
  // ran ~3x slower.
  const acc = new Float64Array(inner);
  const rb = Math.max(1, Math.floor(4096 / inner));
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    const base = o * red * inner;
    for (let r0 = 0; r0 < red; r0 += rb) {
      const start = base + r0 * inner,
        end = base + Math.min(red, r0 + rb) * inner;
      let j = 0;
      for (; j + 4 <= inner; j += 4) {
        let s0 = acc[j],
          s1 = acc[j + 1],
          s2 = acc[j + 2],
          s3 = acc[j + 3];
        for (let p = start + j; p < end; p += inner) {
          s0 += xv[p];
          s1 += xv[p + 1];
          s2 += xv[p + 2];
          s3 += xv[p + 3];
        }
        acc[j] = s0;
        acc[j + 1] = s1;
        acc[j + 2] = s2;
        acc[j + 3] = s3;
      }
      for (; j < inner; j++) {
        let s = acc[j];
        for (let p = start + j; p < end; p += inner) s += xv[p];
        acc[j] = s;
      }
    }
    const ob = o * inner;
    for (let j = 0; j < inner; j++) out[ob + j] = acc[j] * scale;
  }
  return out;
}

/** Axes (sorted, normalised) must form one contiguous range; returns [outer, red, inner] or null. */
export function contiguousReduction(shape: number[], axes: number[]): [number, number, number] | null {
  if (axes.length === 0) return null;
  const sorted = [...axes].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1] + 1) return null;
  const a0 = sorted[0],
    a1 = sorted[sorted.length - 1];
  let outer = 1,
    red = 1,
    inner = 1;
  for (let i = 0; i < shape.length; i++) {
    if (i < a0) outer *= shape[i];
    else if (i <= a1) red *= shape[i];
    else inner *= shape[i];
  }
  return [outer, red, inner];
}

// ---- broadcasting binary ops ----

export type BinOp = 'add' | 'sub' | 'mul' | 'sqdiff' | 'div';

type Pattern = { kind: 'full' } | { kind: 'repeat'; size: number } | { kind: 'leading'; inner: number };

/** How an input of `shape` maps onto `out`: identical, repeated trailing block, or one value per leading block. */
function patternOf(shape: number[], out: number[]): Pattern | null {
  const pad = out.length - shape.length;
  if (pad < 0) return null;
  const s = new Array(pad).fill(1).concat(shape) as number[];
  let same = true;
  for (let i = 0; i < out.length; i++)
    if (s[i] !== out[i]) {
      same = false;
      break;
    }
  if (same) return { kind: 'full' };
  // repeat: ones then a suffix equal to out's suffix
  let i = 0;
  while (i < out.length && s[i] === 1) i++;
  let ok = true;
  for (let j = i; j < out.length; j++)
    if (s[j] !== out[j]) {
      ok = false;
      break;
    }
  if (ok) {
    let size = 1;
    for (let j = i; j < out.length; j++) size *= out[j];
    return { kind: 'repeat', size };
  }
  // leading: prefix equal to out's prefix, then ones
  let e = out.length;
  while (e > 0 && s[e - 1] === 1) e--;
  for (let j = 0; j < e; j++) if (s[j] !== out[j]) return null;
  let inner = 1;
  for (let j = e; j < out.length; j++) inner *= out[j];
  return { kind: 'leading', inner };
}

// One function per broadcast pattern, one loop per op inside it (so every loop is monomorphic and runs over the
// whole tensor in one call; per-block calls cost more than the arithmetic for small channel counts).
/** a and b full. */
function opFF(op: BinOp, o: Float32Array, a: Float32Array, b: Float32Array, total: number, _S: number): void {
  switch (op) {
    case 'add':
      for (let i = 0; i < total; i++) {
        const x = a[i],
          y = b[i];
        o[i] = x + y;
      }
      return;
    case 'sub':
      for (let i = 0; i < total; i++) {
        const x = a[i],
          y = b[i];
        o[i] = x - y;
      }
      return;
    case 'mul':
      for (let i = 0; i < total; i++) {
        const x = a[i],
          y = b[i];
        o[i] = x * y;
      }
      return;
    case 'div':
      for (let i = 0; i < total; i++) {
        const x = a[i],
          y = b[i];
        o[i] = x / y;
      }
      return;
    case 'sqdiff':
      for (let i = 0; i < total; i++) {
        const x = a[i],
          y = b[i];
        o[i] = (x - y) * (x - y);
      }
      return;
  }
}
/** a full, b repeats every S elements (S = 1: scalar). */
function opFR(op: BinOp, o: Float32Array, a: Float32Array, b: Float32Array, total: number, S: number): void {
  if (S % 4 === 0 && S <= 1024 && (op === 'sub' || op === 'add')) {
    opFRchan(op === 'sub', o, a, b, total, S);
    return;
  }
  switch (op) {
    case 'add':
      if (S === 1) {
        const y = b[0];
        for (let i = 0; i < total; i++) {
          const x = a[i];
          o[i] = x + y;
        }
      } else
        for (let p = 0; p < total; p += S)
          for (let j = 0; j < S; j++) {
            const x = a[p + j],
              y = b[j];
            o[p + j] = x + y;
          }
      return;
    case 'sub':
      if (S === 1) {
        const y = b[0];
        for (let i = 0; i < total; i++) {
          const x = a[i];
          o[i] = x - y;
        }
      } else
        for (let p = 0; p < total; p += S)
          for (let j = 0; j < S; j++) {
            const x = a[p + j],
              y = b[j];
            o[p + j] = x - y;
          }
      return;
    case 'mul':
      if (S === 1) {
        const y = b[0];
        for (let i = 0; i < total; i++) {
          const x = a[i];
          o[i] = x * y;
        }
      } else
        for (let p = 0; p < total; p += S)
          for (let j = 0; j < S; j++) {
            const x = a[p + j],
              y = b[j];
            o[p + j] = x * y;
          }
      return;
    case 'div':
      if (S === 1) {
        const y = b[0];
        for (let i = 0; i < total; i++) {
          const x = a[i];
          o[i] = x / y;
        }
      } else
        for (let p = 0; p < total; p += S)
          for (let j = 0; j < S; j++) {
            const x = a[p + j],
              y = b[j];
            o[p + j] = x / y;
          }
      return;
    case 'sqdiff':
      if (S === 1) {
        const y = b[0];
        for (let i = 0; i < total; i++) {
          const x = a[i];
          o[i] = (x - y) * (x - y);
        }
      } else
        for (let p = 0; p < total; p += S)
          for (let j = 0; j < S; j++) {
            const x = a[p + j],
              y = b[j];
            o[p + j] = (x - y) * (x - y);
          }
      return;
  }
}
/** a full minus/plus a per-channel b (the batch-norm x - mean): four channels at a time with b in locals, over
 *  blocks of rows that stay in L1 (the same float ops as the plain loop, so the same results). */
function opFRchan(sub: boolean, o: Float32Array, a: Float32Array, b: Float32Array, total: number, S: number): void {
  const rb = Math.max(1, Math.floor(4096 / S));
  for (let r0 = 0; r0 < total; r0 += rb * S) {
    const end = Math.min(total, r0 + rb * S);
    for (let c = 0; c < S; c += 4) {
      const y0 = b[c],
        y1 = b[c + 1],
        y2 = b[c + 2],
        y3 = b[c + 3];
      if (sub) {
        for (let p = r0 + c; p < end; p += S) {
          o[p] = a[p] - y0;
          o[p + 1] = a[p + 1] - y1;
          o[p + 2] = a[p + 2] - y2;
          o[p + 3] = a[p + 3] - y3;
        }
      } else {
        for (let p = r0 + c; p < end; p += S) {
          o[p] = a[p] + y0;
          o[p + 1] = a[p + 1] + y1;
          o[p + 2] = a[p + 2] + y2;
          o[p + 3] = a[p + 3] + y3;
        }
      }
    }
  }
}
/** a repeats every S elements, b full. */
function opRF(op: BinOp, o: Float32Array, a: Float32Array, b: Float32Array, total: number, S: number): void {
  switch (op) {
    case 'add':
      if (S === 1) {
        const x = a[0];
        for (let i = 0; i < total; i++) {
          const y = b[i];
          o[i] = x + y;
        }
      } else
        for (let p = 0; p < total; p += S)
          for (let j = 0; j < S; j++) {
            const x = a[j],
              y = b[p + j];
            o[p + j] = x + y;
          }
      return;
    case 'sub':
      if (S === 1) {
        const x = a[0];
        for (let i = 0; i < total; i++) {
          const y = b[i];
          o[i] = x - y;
        }
      } else
        for (let p = 0; p < total; p += S)
          for (let j = 0; j < S; j++) {
            const x = a[j],
              y = b[p + j];
            o[p + j] = x - y;
          }
      return;
    case 'mul':
      if (S === 1) {
        const x = a[0];
        for (let i = 0; i < total; i++) {
          const y = b[i];
          o[i] = x * y;
        }
      } else
        for (let p = 0; p < total; p += S)
          for (let j = 0; j < S; j++) {
            const x = a[j],
              y = b[p + j];
            o[p + j] = x * y;
          }
      return;
    case 'div':
      if (S === 1) {
        const x = a[0];
        for (let i = 0; i < total; i++) {
          const y = b[i];
          o[i] = x / y;
        }
      } else
        for (let p = 0; p < total; p += S)
          for (let j = 0; j < S; j++) {
            const x = a[j],
              y = b[p + j];
            o[p + j] = x / y;
          }
      return;
    case 'sqdiff':
      if (S === 1) {
        const x = a[0];
        for (let i = 0; i < total; i++) {
          const y = b[i];
          o[i] = (x - y) * (x - y);
        }
      } else
        for (let p = 0; p < total; p += S)
          for (let j = 0; j < S; j++) {
            const x = a[j],
              y = b[p + j];
            o[p + j] = (x - y) * (x - y);
          }
      return;
  }
}
/** a full, b one value per block of S. */
function opFL(op: BinOp, o: Float32Array, a: Float32Array, b: Float32Array, total: number, S: number): void {
  switch (op) {
    case 'add':
      for (let p = 0, q = 0; p < total; p += S, q++) {
        const y = b[q];
        for (let j = p; j < p + S; j++) {
          const x = a[j];
          o[j] = x + y;
        }
      }
      return;
    case 'sub':
      for (let p = 0, q = 0; p < total; p += S, q++) {
        const y = b[q];
        for (let j = p; j < p + S; j++) {
          const x = a[j];
          o[j] = x - y;
        }
      }
      return;
    case 'mul':
      for (let p = 0, q = 0; p < total; p += S, q++) {
        const y = b[q];
        for (let j = p; j < p + S; j++) {
          const x = a[j];
          o[j] = x * y;
        }
      }
      return;
    case 'div':
      for (let p = 0, q = 0; p < total; p += S, q++) {
        const y = b[q];
        for (let j = p; j < p + S; j++) {
          const x = a[j];
          o[j] = x / y;
        }
      }
      return;
    case 'sqdiff':
      for (let p = 0, q = 0; p < total; p += S, q++) {
        const y = b[q];
        for (let j = p; j < p + S; j++) {
          const x = a[j];
          o[j] = (x - y) * (x - y);
        }
      }
      return;
  }
}
/** a one value per block of S, b full. */
function opLF(op: BinOp, o: Float32Array, a: Float32Array, b: Float32Array, total: number, S: number): void {
  switch (op) {
    case 'add':
      for (let p = 0, q = 0; p < total; p += S, q++) {
        const x = a[q];
        for (let j = p; j < p + S; j++) {
          const y = b[j];
          o[j] = x + y;
        }
      }
      return;
    case 'sub':
      for (let p = 0, q = 0; p < total; p += S, q++) {
        const x = a[q];
        for (let j = p; j < p + S; j++) {
          const y = b[j];
          o[j] = x - y;
        }
      }
      return;
    case 'mul':
      for (let p = 0, q = 0; p < total; p += S, q++) {
        const x = a[q];
        for (let j = p; j < p + S; j++) {
          const y = b[j];
          o[j] = x * y;
        }
      }
      return;
    case 'div':
      for (let p = 0, q = 0; p < total; p += S, q++) {
        const x = a[q];
        for (let j = p; j < p + S; j++) {
          const y = b[j];
          o[j] = x / y;
        }
      }
      return;
    case 'sqdiff':
      for (let p = 0, q = 0; p < total; p += S, q++) {
        const x = a[q];
        for (let j = p; j < p + S; j++) {
          const y = b[j];
          o[j] = (x - y) * (x - y);
        }
      }
      return;
  }
}
/** Broadcasting binary op for the patterns training produces; null when not covered. */
export function binary(
  op: BinOp,
  av: Float32Array,
  ashape: number[],
  bv: Float32Array,
  bshape: number[],
  outShape: number[],
  core?: Core | null,
): Float32Array | null {
  const pa = patternOf(ashape, outShape),
    pb = patternOf(bshape, outShape);
  if (!pa || !pb) return null;
  let total = 1;
  for (const d of outShape) total *= d;
  if (pa.kind !== 'full' && pb.kind !== 'full') return null;
  if (coreEw(core) && total >= EW_MIN) {
    const other = pa.kind === 'full' ? pb : pa;
    const S = other.kind === 'full' ? 1 : other.kind === 'repeat' ? other.size : other.inner;
    if (S > 0) return binaryCore(core, op, av, pa.kind, bv, pb.kind, total, S);
  }
  const out = allocF32(total);
  if (total === 0) return out;
  if (pa.kind === 'full') {
    if (pb.kind === 'full') opFF(op, out, av, bv, total, 1);
    else if (pb.kind === 'repeat') opFR(op, out, av, bv, total, pb.size);
    else opFL(op, out, av, bv, total, pb.inner);
  } else if (pa.kind === 'repeat') {
    opRF(op, out, av, bv, total, pa.size);
  } else {
    opLF(op, out, av, bv, total, pa.inner);
  }
  return out;
}

/** Tile (float32, any rank >= 1): builds each output block once and doubles it with copyWithin. */
export function tile(xv: Float32Array, shape: number[], reps: number[]): Float32Array {
  const rank = shape.length;
  const outShape = shape.map((d, i) => d * reps[i]);
  const inStride = new Array<number>(rank).fill(1),
    outStride = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) {
    inStride[i] = inStride[i + 1] * shape[i + 1];
    outStride[i] = outStride[i + 1] * outShape[i + 1];
  }
  const out = allocF32(outShape.reduce((a, b) => a * b, 1));
  if (out.length === 0) return out;
  const fill = (dim: number, src: number, dst: number): void => {
    const n = shape[dim];
    if (dim === rank - 1) out.set(xv.subarray(src, src + n), dst);
    else for (let i = 0; i < n; i++) fill(dim + 1, src + i * inStride[dim], dst + i * outStride[dim]);
    const block = n * outStride[dim];
    for (let r = 1; r < reps[dim]; r++) out.copyWithin(dst + r * block, dst, dst + block);
  };
  fill(0, 0, 0);
  return out;
}

/** max(x, 0) on the float bits: branch-free on the sign (a data-dependent branch mispredicts half the time on
 *  activations); the NaN test is a branch that is never taken in practice. */
export function relu(xv: Float32Array, core?: Core | null): Float32Array {
  if (coreEw(core) && xv.length >= EW_MIN) return unaryCore(core, EW_RELU, xv);
  const out = allocF32(xv.length);
  const xi = new Int32Array(xv.buffer, xv.byteOffset, xv.length),
    oi = new Int32Array(out.buffer);
  for (let i = 0; i < xi.length; i++) {
    const v = xi[i];
    oi[i] = (v & 0x7fffffff) > 0x7f800000 ? v : v & ~(v >> 31); // NaN stays NaN (stock), whatever its sign bit
  }
  return out;
}

/** tfjs Step: NaN -> NaN, x > 0 -> 1, else alpha. */
export function step(xv: Float32Array, alpha: number): Float32Array {
  const out = allocF32(xv.length);
  const k = 1 - alpha;
  for (let i = 0; i < xv.length; i++) {
    const v = xv[i];
    out[i] = v !== v ? NaN : alpha + k * +(v > 0);
  }
  return out;
}

/** FusedBatchNorm forward, same formula and operand cycling as the stock kernel. */
export function batchNorm(
  xv: Float32Array,
  mv: Float32Array,
  vv: Float32Array,
  sv: Float32Array | null,
  ov: Float32Array | null,
  eps: number,
  core?: Core | null,
): Float32Array {
  const C = mv.length;
  const perChannel = vv.length === C && (!sv || sv.length === C) && (!ov || ov.length === C) && xv.length % C === 0;
  if (coreEw(core) && perChannel && xv.length >= EW_MIN) {
    const k = new Float32Array(C),
      off = new Float32Array(C);
    for (let c = 0; c < C; c++) {
      k[c] = (sv ? sv[c] : 1) / Math.sqrt(vv[c] + eps);
      off[c] = ov ? ov[c] : 0;
    }
    return batchNormCore(core, xv, mv, k, off);
  }
  const out = allocF32(xv.length);
  if (vv.length !== C || (sv && sv.length !== C) || (ov && ov.length !== C) || xv.length % C !== 0) {
    // general cycling (rare): follow the stock loop literally
    const s = sv ?? new Float32Array([1]),
      o = ov ?? new Float32Array([0]);
    for (let i = 0; i < xv.length; i++) {
      out[i] = o[i % o.length] + ((xv[i] - mv[i % mv.length]) * s[i % s.length]) / Math.sqrt(vv[i % vv.length] + eps);
    }
    return out;
  }
  // y = off + (x - mean) * k with k = scale / sqrt(var + eps) per channel (double, rounded once at the store)
  const k = new Float64Array(C),
    off = new Float64Array(C),
    m = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    k[c] = (sv ? sv[c] : 1) / Math.sqrt(vv[c] + eps);
    off[c] = ov ? ov[c] : 0;
    m[c] = mv[c];
  }
  // four channels at a time with their constants in locals, over blocks of rows that stay in L1
  const n = xv.length,
    rb = Math.max(1, Math.floor(4096 / C));
  for (let r0 = 0; r0 < n; r0 += rb * C) {
    const end = Math.min(n, r0 + rb * C);
    let c = 0;
    for (; c + 4 <= C; c += 4) {
      const k0 = k[c],
        k1 = k[c + 1],
        k2 = k[c + 2],
        k3 = k[c + 3];
      const o0 = off[c],
        o1 = off[c + 1],
        o2 = off[c + 2],
        o3 = off[c + 3];
      const m0 = m[c],
        m1 = m[c + 1],
        m2 = m[c + 2],
        m3 = m[c + 3];
      for (let p = r0 + c; p < end; p += C) {
        out[p] = o0 + (xv[p] - m0) * k0;
        out[p + 1] = o1 + (xv[p + 1] - m1) * k1;
        out[p + 2] = o2 + (xv[p + 2] - m2) * k2;
        out[p + 3] = o3 + (xv[p + 3] - m3) * k3;
      }
    }
    for (; c < C; c++) {
      const kc = k[c],
        oc = off[c],
        mc = m[c];
      for (let p = r0 + c; p < end; p += C) out[p] = oc + (xv[p] - mc) * kc;
    }
  }
  return out;
}

/**
 * Softmax over the last axis of [rows, cols], bit for bit the stock cpu kernel: that one runs Max, Sub, Exp, Sum and
 * RealDiv as separate kernels, each storing float32 and Sum accumulating in double (one pass here instead of five
 * kernels and five intermediate tensors: LeNet-5's [64, 10] logits took ~0.4 ms a step through the stock chain).
 * A NaN in a row makes the whole row NaN, as the stock max propagates it.
 */
export function softmax(xv: Float32Array, rows: number, cols: number): Float32Array {
  const out = allocF32(rows * cols);
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    let m = xv[o];
    for (let j = 1; j < cols; j++) {
      const v = xv[o + j];
      if (Number.isNaN(v) || v > m) m = v;
    }
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.fround(Math.exp(Math.fround(xv[o + j] - m)));
      out[o + j] = e;
      s += e;
    }
    const sf = Math.fround(s);
    for (let j = 0; j < cols; j++) out[o + j] = out[o + j] / sf;
  }
  return out;
}
