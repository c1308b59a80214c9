// Reductions, broadcasting binary ops, unary ops and batch norm on plain typed arrays (memory-bound: plain JS runs
// these as fast as wasm would once the copy in and out is counted). Each returns null when the case is not covered,
// and the caller falls back to the stock kernel.

/** Sum over a contiguous range of axes viewed as [outer, red, inner]; accumulates in double like the stock kernel. */
export function sumContiguous(xv: Float32Array, outer: number, red: number, inner: number, scale: number): Float32Array {
  const out = new Float32Array(outer * inner);
  if (inner === 1) {
    let p = 0;
    for (let o = 0; o < outer; o++) {
      let s = 0;
      for (let r = 0; r < red; r++) s += xv[p++];
      out[o] = s * scale;
    }
    return out;
  }
  const acc = new Float64Array(inner);
  let p = 0;
  for (let o = 0; o < outer; o++) {
    acc.fill(0);
    for (let r = 0; r < red; r++) {
      for (let j = 0; j < inner; j++) acc[j] += xv[p + j];
      p += inner;
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
  const a0 = sorted[0], a1 = sorted[sorted.length - 1];
  let outer = 1, red = 1, inner = 1;
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
  for (let i = 0; i < out.length; i++) if (s[i] !== out[i]) { same = false; break; }
  if (same) return { kind: 'full' };
  // repeat: ones then a suffix equal to out's suffix
  let i = 0;
  while (i < out.length && s[i] === 1) i++;
  let ok = true;
  for (let j = i; j < out.length; j++) if (s[j] !== out[j]) { ok = false; break; }
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

// One loop per op so each stays monomorphic. Steps are 0 (broadcast a value) or 1.
function runOp(op: BinOp, o: Float32Array, oo: number, a: Float32Array, ao: number, as: number,
  b: Float32Array, bo: number, bs: number, n: number): void {
  switch (op) {
    case 'add':
      if (as === 1 && bs === 1) for (let i = 0; i < n; i++) o[oo + i] = a[ao + i] + b[bo + i];
      else if (as === 1) { const y = b[bo]; for (let i = 0; i < n; i++) o[oo + i] = a[ao + i] + y; }
      else { const x = a[ao]; for (let i = 0; i < n; i++) o[oo + i] = x + b[bo + i * bs]; }
      return;
    case 'sub':
      if (as === 1 && bs === 1) for (let i = 0; i < n; i++) o[oo + i] = a[ao + i] - b[bo + i];
      else if (as === 1) { const y = b[bo]; for (let i = 0; i < n; i++) o[oo + i] = a[ao + i] - y; }
      else { const x = a[ao]; for (let i = 0; i < n; i++) o[oo + i] = x - b[bo + i * bs]; }
      return;
    case 'mul':
      if (as === 1 && bs === 1) for (let i = 0; i < n; i++) o[oo + i] = a[ao + i] * b[bo + i];
      else if (as === 1) { const y = b[bo]; for (let i = 0; i < n; i++) o[oo + i] = a[ao + i] * y; }
      else { const x = a[ao]; for (let i = 0; i < n; i++) o[oo + i] = x * b[bo + i * bs]; }
      return;
    case 'div':
      if (as === 1 && bs === 1) for (let i = 0; i < n; i++) o[oo + i] = a[ao + i] / b[bo + i];
      else if (as === 1) { const y = b[bo]; for (let i = 0; i < n; i++) o[oo + i] = a[ao + i] / y; }
      else { const x = a[ao]; for (let i = 0; i < n; i++) o[oo + i] = x / b[bo + i * bs]; }
      return;
    case 'sqdiff':
      if (as === 1 && bs === 1) for (let i = 0; i < n; i++) { const d = a[ao + i] - b[bo + i]; o[oo + i] = d * d; }
      else if (as === 1) { const y = b[bo]; for (let i = 0; i < n; i++) { const d = a[ao + i] - y; o[oo + i] = d * d; } }
      else { const x = a[ao]; for (let i = 0; i < n; i++) { const d = x - b[bo + i * bs]; o[oo + i] = d * d; } }
      return;
  }
}

/** Broadcasting binary op for the patterns training produces; null when not covered. */
export function binary(op: BinOp, av: Float32Array, ashape: number[], bv: Float32Array, bshape: number[],
  outShape: number[]): Float32Array | null {
  const pa = patternOf(ashape, outShape), pb = patternOf(bshape, outShape);
  if (!pa || !pb) return null;
  let total = 1;
  for (const d of outShape) total *= d;
  const out = new Float32Array(total);
  if (total === 0) return out;
  if (pa.kind === 'full' && pb.kind === 'full') {
    runOp(op, out, 0, av, 0, 1, bv, 0, 1, total);
  } else if (pa.kind === 'full') {
    if (pb.kind === 'repeat') {
      const S = pb.size;
      if (S === 1) runOp(op, out, 0, av, 0, 1, bv, 0, 0, total);
      else for (let o = 0; o < total; o += S) runOp(op, out, o, av, o, 1, bv, 0, 1, S);
    } else if (pb.kind === 'leading') {
      const I = pb.inner;
      for (let p = 0, o = 0; o < total; p++, o += I) runOp(op, out, o, av, o, 1, bv, p, 0, I);
    }
  } else if (pb.kind === 'full') {
    // a broadcast, b full: iterate per block with a's value (leading) or a's block (repeat)
    if (pa.kind === 'repeat') {
      const S = pa.size;
      if (S === 1) runOp(op, out, 0, av, 0, 0, bv, 0, 1, total);
      else for (let o = 0; o < total; o += S) runOp(op, out, o, av, 0, 1, bv, o, 1, S);
    } else if (pa.kind === 'leading') {
      const I = pa.inner;
      for (let p = 0, o = 0; o < total; p++, o += I) runOp(op, out, o, av, p, 0, bv, o, 1, I);
    }
  } else {
    return null;
  }
  return out;
}

export function relu(xv: Float32Array): Float32Array {
  const out = new Float32Array(xv.length);
  for (let i = 0; i < xv.length; i++) { const v = xv[i]; out[i] = v < 0 ? 0 : v; }
  return out;
}

/** tfjs Step: NaN -> NaN, x > 0 -> 1, else alpha. */
export function step(xv: Float32Array, alpha: number): Float32Array {
  const out = new Float32Array(xv.length);
  for (let i = 0; i < xv.length; i++) { const v = xv[i]; out[i] = v > 0 ? 1 : v !== v ? NaN : alpha; }
  return out;
}

/** FusedBatchNorm forward, same formula and operand cycling as the stock kernel. */
export function batchNorm(xv: Float32Array, mv: Float32Array, vv: Float32Array, sv: Float32Array | null,
  ov: Float32Array | null, eps: number): Float32Array {
  const out = new Float32Array(xv.length);
  const C = mv.length;
  if (vv.length !== C || (sv && sv.length !== C) || (ov && ov.length !== C) || xv.length % C !== 0) {
    // general cycling (rare): follow the stock loop literally
    const s = sv ?? new Float32Array([1]), o = ov ?? new Float32Array([0]);
    for (let i = 0; i < xv.length; i++) {
      out[i] = o[i % o.length] + (xv[i] - mv[i % mv.length]) * s[i % s.length] / Math.sqrt(vv[i % vv.length] + eps);
    }
    return out;
  }
  const inv = new Float64Array(C);
  for (let c = 0; c < C; c++) inv[c] = Math.sqrt(vv[c] + eps);
  for (let p = 0; p < xv.length; p += C) {
    for (let c = 0; c < C; c++) {
      out[p + c] = (ov ? ov[c] : 0) + (xv[p + c] - mv[c]) * (sv ? sv[c] : 1) / inv[c];
    }
  }
  return out;
}
