// SpaceToBatchND and BatchToSpaceND for NHWC float32 with a 2-D block: the data movement of a dilated
// convolution (shared/graph/layers/atrous.ts), forward and backward (each is the other's gradient).
// The stock cpu kernels pad, reshape, transpose (6-D, generic index arithmetic) and slice: ~440 ms and
// ~150 ms for a 64x28x28x16 batch here, 10x the convolution they wrap. One gather pass each instead.
import { allocF32 } from './alloc';

export type Shape4 = readonly [number, number, number, number];
type Pairs = readonly (readonly [number, number])[];

/**
 * out[(bh * Bw + bw) * N + n, i, j, c] = xpad[n, i * Bh + bh, j * Bw + bw, c], where xpad is x with
 * paddings [[top, bottom], [left, right]] of zeros. Null when the padded sizes are not multiples of the block.
 */
export function spaceToBatch(
  x: Float32Array,
  [N, H, W, C]: Shape4,
  [Bh, Bw]: readonly [number, number],
  [[pt, pb], [pl, pr]]: Pairs,
): { shape: number[]; values: Float32Array } | null {
  const Hp = H + pt + pb,
    Wp = W + pl + pr;
  if (Hp % Bh !== 0 || Wp % Bw !== 0) return null;
  const Ho = Hp / Bh,
    Wo = Wp / Bw,
    row = Wo * C;
  const out = allocF32(Bh * Bw * N * Ho * row);
  let o = 0;
  for (let bh = 0; bh < Bh; bh++)
    for (let bw = 0; bw < Bw; bw++)
      for (let n = 0; n < N; n++) {
        for (let i = 0; i < Ho; i++, o += row) {
          const y = i * Bh + bh - pt;
          if (y < 0 || y >= H) {
            out.fill(0, o, o + row);
            continue;
          }
          const base = (n * H + y) * W;
          for (let j = 0, p = o; j < Wo; j++, p += C) {
            const xx = j * Bw + bw - pl;
            if (xx < 0 || xx >= W) {
              out.fill(0, p, p + C);
              continue;
            }
            const s = (base + xx) * C;
            for (let c = 0; c < C; c++) out[p + c] = x[s + c];
          }
        }
      }
  return { shape: [Bh * Bw * N, Ho, Wo, C], values: out };
}

/**
 * The inverse: out[n, y, x, c] = in[(bh * Bw + bw) * N + n, i, j, c] for y + top = i * Bh + bh and
 * x + left = j * Bw + bw, with crops [[top, bottom], [left, right]]. Null when the batch does not divide.
 */
export function batchToSpace(
  x: Float32Array,
  [B, H, W, C]: Shape4,
  [Bh, Bw]: readonly [number, number],
  [[ct, cb], [cl, cr]]: Pairs,
): { shape: number[]; values: Float32Array } | null {
  if (B % (Bh * Bw) !== 0) return null;
  const N = B / (Bh * Bw),
    Ho = H * Bh - ct - cb,
    Wo = W * Bw - cl - cr;
  if (Ho <= 0 || Wo <= 0) return null;
  const out = allocF32(N * Ho * Wo * C);
  let p = 0;
  for (let n = 0; n < N; n++)
    for (let y = 0; y < Ho; y++) {
      const yy = y + ct,
        bh = yy % Bh,
        i = (yy - bh) / Bh;
      for (let xo = 0; xo < Wo; xo++, p += C) {
        const xx = xo + cl,
          bw = xx % Bw,
          j = (xx - bw) / Bw;
        const s = ((((bh * Bw + bw) * N + n) * H + i) * W + j) * C;
        for (let c = 0; c < C; c++) out[p + c] = x[s + c];
      }
    }
  return { shape: [N, Ho, Wo, C], values: out };
}
