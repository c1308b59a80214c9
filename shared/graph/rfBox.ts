// Where one unit of a feature map looks in the input image: its theoretical receptive field as a box, from the
// analysis's size, jump and start (REFERENCE.md section 1). Unit (y, x) is centred on start + (y, x) * jump and
// spans size pixels; what falls outside the image lies in the padding.
import type { ReceptiveField } from './types';

/** Rows top..bottom and columns left..right, inclusive, in input pixels (may reach outside the image). */
export interface PixelBox {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

export interface RfBox {
  /** The whole field, padding included. */
  readonly full: PixelBox;
  /** The part inside the image (null when the field lies wholly in the padding). */
  readonly inImage: PixelBox | null;
  /** True when part of the field falls in the padding, outside the image. */
  readonly padded: boolean;
  /** The field's centre in input pixel coordinates (fractional for even fields). */
  readonly centre: readonly [number, number];
}

/**
 * The box of unit (y, x) of a map whose field is `rf`, on an input of inputH x inputW pixels. A global field
 * (after Flatten, Dense or global pooling) is the whole image.
 */
export function rfBox(rf: ReceptiveField, y: number, x: number, inputH: number, inputW: number): RfBox {
  if (rf.global) {
    const full = { top: 0, left: 0, bottom: inputH - 1, right: inputW - 1 };
    return { full, inImage: full, padded: false, centre: [(inputH - 1) / 2, (inputW - 1) / 2] };
  }
  const axis = (i: 0 | 1, at: number) => {
    const c = rf.start[i] + at * rf.jump[i];
    const lo = Math.round(c - (rf.size[i] - 1) / 2);
    return { c, lo, hi: lo + rf.size[i] - 1 };
  };
  const h = axis(0, y),
    w = axis(1, x);
  const full = { top: h.lo, left: w.lo, bottom: h.hi, right: w.hi };
  const top = Math.max(0, h.lo),
    bottom = Math.min(inputH - 1, h.hi),
    left = Math.max(0, w.lo),
    right = Math.min(inputW - 1, w.hi);
  const inImage = top <= bottom && left <= right ? { top, left, bottom, right } : null;
  const padded = h.lo < 0 || w.lo < 0 || h.hi > inputH - 1 || w.hi > inputW - 1;
  return { full, inImage, padded, centre: [h.c, w.c] };
}
