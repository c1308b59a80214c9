// Test helpers shared by the kernel tests (not used at runtime).
import * as tf from '@tensorflow/tfjs';

/** Deterministic uniform values in [lo, hi) (mulberry32). */
export function randArray(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = lo + (hi - lo) * u;
  }
  return out;
}

export function randTensor(shape: number[], seed: number, lo = -1, hi = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(randArray(n, seed, lo, hi), shape, 'float32');
}

/** Max |a - b| divided by max(1, max |b|): the "relative to magnitude" error the tests bound by 1e-4. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0,
    mag = 1;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= diff)) diff = Number.isNaN(d) ? (Number.isNaN(a[i]) && Number.isNaN(b[i]) ? diff : Infinity) : d;
    mag = Math.max(mag, Math.abs(b[i]));
  }
  return diff / mag;
}
