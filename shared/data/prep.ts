// Seeded split and shuffling, normalisation and augmentation: everything between stored bytes and a batch.
import { mulberry32, shuffleInPlace, type Rng } from './rng';
import { DataError, imageSize, type Dataset, type Splits } from './types';
import { msg } from '../i18n/msg';

export interface SplitOptions {
  /** Fraction of the (limited) training set held out for validation, 0..0.9. */
  readonly valFraction: number;
  readonly seed: number;
  /** Use only the first `limit` images (after a seeded shuffle, so every class is represented). */
  readonly limit?: number;
}

export function split(data: Dataset, o: SplitOptions, test?: Dataset): Splits {
  if (!(o.valFraction >= 0 && o.valFraction <= 0.9)) throw new DataError(msg('errors3.data.valFraction', { v: String(o.valFraction) }));
  const idx = shuffleInPlace(Uint32Array.from({ length: data.n }, (_, i) => i), mulberry32(o.seed));
  const used = o.limit !== undefined ? idx.subarray(0, Math.min(data.n, Math.max(1, Math.floor(o.limit)))) : idx;
  const nVal = Math.round(used.length * o.valFraction);
  if (used.length - nVal < 1) throw new DataError(msg('errors3.data.noTraining', { n: String(used.length), val: String(nVal) }));
  return { data, val: used.slice(0, nVal), train: used.slice(nVal), test };
}

export type Normalisation =
  | { readonly kind: 'unit' }  // x / 255, in 0..1
  | { readonly kind: 'standard'; readonly mean: readonly number[]; readonly std: readonly number[] }; // per channel

/** Per-channel mean and standard deviation (in 0..1 units) over the given images. */
export function channelStats(d: Dataset, indices: ArrayLike<number>): Normalisation {
  const c = d.channels, size = imageSize(d);
  const sum = new Float64Array(c), sq = new Float64Array(c);
  let count = 0;
  const step = Math.max(1, Math.floor(indices.length / 5000)); // a sample is enough for statistics
  for (let k = 0; k < indices.length; k += step) {
    const base = indices[k] * size;
    for (let p = 0; p < size; p++) { const v = d.images[base + p] / 255; sum[p % c] += v; sq[p % c] += v * v; }
    count += size / c;
  }
  const mean = [...sum].map((s) => s / count);
  const std = [...sq].map((s, i) => Math.sqrt(Math.max(1e-8, s / count - mean[i] * mean[i])));
  return { kind: 'standard', mean, std };
}

export interface Augmentation {
  /** Random crop after zero padding by this many pixels on each side (0: off). */
  readonly cropPadding: number;
  /** Mirror left-right with probability 1/2. */
  readonly flip: boolean;
}

export const NO_AUGMENTATION: Augmentation = { cropPadding: 0, flip: false };

export interface Batch { readonly x: Float32Array; readonly y: Int32Array; readonly count: number }

/**
 * Fills a batch of `count` images (indices[start..start+count)) as floats, normalised, augmented when an
 * rng is given. Reuses `into` buffers when large enough (the trainer keeps one pair alive).
 */
export function makeBatch(d: Dataset, indices: ArrayLike<number>, start: number, count: number, norm: Normalisation,
  aug: Augmentation = NO_AUGMENTATION, rng?: Rng, into?: { x: Float32Array; y: Int32Array }): Batch {
  const size = imageSize(d), H = d.height, W = d.width, C = d.channels;
  const x = into && into.x.length >= count * size ? into.x.subarray(0, count * size) : new Float32Array(count * size);
  const y = into && into.y.length >= count ? into.y.subarray(0, count) : new Int32Array(count);
  const scale = new Float32Array(C), shift = new Float32Array(C);
  for (let c = 0; c < C; c++) {
    const m = norm.kind === 'standard' ? norm.mean[c] ?? 0 : 0, s = norm.kind === 'standard' ? norm.std[c] ?? 1 : 1;
    scale[c] = 1 / (255 * s); shift[c] = -m / s;
  }
  const zero = Array.from(scale, (_, c) => shift[c]); // the normalised value of a black (padded) pixel
  for (let b = 0; b < count; b++) {
    const i = indices[start + b], src = i * size, dst = b * size;
    y[b] = d.labels[i];
    const p = rng ? aug.cropPadding : 0;
    const dy = p ? Math.floor(rng!() * (2 * p + 1)) - p : 0, dx = p ? Math.floor(rng!() * (2 * p + 1)) - p : 0;
    const flip = !!rng && aug.flip && rng() < 0.5;
    if (!dy && !dx && !flip) {
      for (let q = 0; q < size; q++) { const c = q % C; x[dst + q] = d.images[src + q] * scale[c] + shift[c]; }
      continue;
    }
    for (let r = 0; r < H; r++) {
      const sr = r + dy;
      for (let col = 0; col < W; col++) {
        const sc = (flip ? W - 1 - col : col) + dx;
        const o = dst + (r * W + col) * C;
        if (sr < 0 || sr >= H || sc < 0 || sc >= W) { for (let c = 0; c < C; c++) x[o + c] = zero[c]; continue; }
        const s0 = src + (sr * W + sc) * C;
        for (let c = 0; c < C; c++) x[o + c] = d.images[s0 + c] * scale[c] + shift[c];
      }
    }
  }
  return { x, y, count };
}

/** Class counts (for the data summary and balance checks). */
export function classCounts(d: Dataset, indices?: ArrayLike<number>): number[] {
  const counts = new Array(d.numClasses).fill(0);
  if (indices) for (let k = 0; k < indices.length; k++) counts[d.labels[indices[k]]]++;
  else for (let i = 0; i < d.n; i++) counts[d.labels[i]]++;
  return counts;
}
