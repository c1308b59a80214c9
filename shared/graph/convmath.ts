// The sliding-window arithmetic shared by convolution and pooling (REFERENCE.md section 1).
// out = floor((n + p_before + p_after - d(k-1) - 1) / s) + 1
import type { ReceptiveField } from './types';

export type PaddingMode = 'valid' | 'same' | 'full' | 'explicit';

export interface AxisPad {
  readonly before: number;
  readonly after: number;
}

export const effectiveKernel = (k: number, d: number): number => d * (k - 1) + 1;

/**
 * Padding along one axis. 'same' follows TensorFlow: out = ceil(n / s), and an odd total puts
 * the extra row at the end (bottom/right). 'full' pads k_eff - 1 on both sides.
 */
export function axisPadding(mode: PaddingMode, n: number, k: number, s: number, d: number, explicit: number): AxisPad {
  const ke = effectiveKernel(k, d);
  switch (mode) {
    case 'valid':
      return { before: 0, after: 0 };
    case 'full':
      return { before: ke - 1, after: ke - 1 };
    case 'explicit':
      return { before: explicit, after: explicit };
    case 'same': {
      const out = Math.ceil(n / s);
      const total = Math.max((out - 1) * s + ke - n, 0);
      const before = Math.floor(total / 2);
      return { before, after: total - before };
    }
  }
}

export function outputLength(n: number, k: number, s: number, d: number, pad: AxisPad): number {
  return Math.floor((n + pad.before + pad.after - effectiveKernel(k, d)) / s) + 1;
}

/** Output length of a transposed convolution (Keras deconv_output_length). */
export function transposedLength(n: number, k: number, s: number, mode: 'valid' | 'same'): number {
  return mode === 'same' ? n * s : n * s + Math.max(k - s, 0);
}

type Pair = readonly [number, number];

/** Receptive field after a sliding window (conv or pool) with the given geometry per axis. */
export function windowRF(rf: ReceptiveField, k: Pair, s: Pair, d: Pair, padBefore: Pair): ReceptiveField {
  if (rf.global) return rf;
  const axis = (i: 0 | 1) => {
    const ke = effectiveKernel(k[i], d[i]);
    return {
      size: rf.size[i] + (ke - 1) * rf.jump[i],
      jump: rf.jump[i] * s[i],
      start: rf.start[i] + ((ke - 1) / 2 - padBefore[i]) * rf.jump[i],
    };
  };
  const h = axis(0),
    w = axis(1);
  return { size: [h.size, w.size], jump: [h.jump, w.jump], start: [h.start, w.start], global: false };
}

/**
 * Receptive field after a transposed convolution: outputs are s times denser, and each output
 * mixes ceil(k / s) neighbouring inputs.
 */
export function transposedRF(rf: ReceptiveField, k: Pair, s: Pair, cropBefore: Pair): ReceptiveField {
  if (rf.global) return rf;
  const axis = (i: 0 | 1) => ({
    size: rf.size[i] + (Math.ceil(k[i] / s[i]) - 1) * rf.jump[i],
    jump: rf.jump[i] / s[i],
    start: rf.start[i] + ((cropBefore[i] - (k[i] - 1) / 2) / s[i]) * rf.jump[i],
  });
  const h = axis(0),
    w = axis(1);
  return { size: [h.size, w.size], jump: [h.jump, w.jump], start: [h.start, w.start], global: false };
}

/** The field of a unit that has mixed every position (Flatten, Dense, global pooling). */
export function globalRF(rf: ReceptiveField, inputHW: Pair): ReceptiveField {
  return {
    size: [Math.max(rf.size[0], inputHW[0]), Math.max(rf.size[1], inputHW[1])],
    jump: rf.jump,
    start: [(inputHW[0] - 1) / 2, (inputHW[1] - 1) / 2],
    global: true,
  };
}

/** At a merge (residual add, concat) the unit sees the union: take the largest field. */
export function mergeRF(rfs: readonly ReceptiveField[]): ReceptiveField {
  let best = rfs[0];
  for (const r of rfs) if (r.size[0] * r.size[1] > best.size[0] * best.size[1]) best = r;
  const size: Pair = [Math.max(...rfs.map((r) => r.size[0])), Math.max(...rfs.map((r) => r.size[1]))];
  const jump: Pair = [Math.max(...rfs.map((r) => r.jump[0])), Math.max(...rfs.map((r) => r.jump[1]))];
  return { size, jump, start: best.start, global: rfs.some((r) => r.global) };
}

export const identityRF: ReceptiveField = { size: [1, 1], jump: [1, 1], start: [0, 0], global: false };

/**
 * The largest kernel size k' <= k whose dilated extent d(k'-1)+1 fits within `room` (the input length
 * plus any zero padding the mode adds regardless of the kernel). At least 1.
 */
export function fittingKernel(k: number, d: number, room: number): number {
  return Math.max(1, Math.min(k, Math.floor((room - 1) / d) + 1));
}
