// WebAssembly SIMD core for shared/kernels: GEMM, im2col / col2im, bias + activation.
// Same contract as the plain-JS core in ../core.ts (keep the two in step). Pointers are byte addresses into this
// module's memory; the TypeScript side owns all allocation above __heap_base.
// Build: scripts/build-wasm.mjs (clang --target=wasm32 -O3 -msimd128 -nostdlib, wasm-ld from lld).
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))

#define ACT_LINEAR 0
#define ACT_RELU 1
#define ACT_RELU6 2
#define ACT_LEAKY 3

static inline void copy_f32(float *dst, const float *src, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(dst + i, wasm_v128_load(src + i));
  for (; i < n; i++) dst[i] = src[i];
}

static inline void zero_f32(float *dst, int n) {
  int i = 0;
  v128_t z = wasm_f32x4_splat(0.0f);
  for (; i + 4 <= n; i += 4) wasm_v128_store(dst + i, z);
  for (; i < n; i++) dst[i] = 0.0f;
}

static inline void add_f32(float *dst, const float *src, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4)
    wasm_v128_store(dst + i, wasm_f32x4_add(wasm_v128_load(dst + i), wasm_v128_load(src + i)));
  for (; i < n; i++) dst[i] += src[i];
}

EXPORT("im2col")
void im2col(const float *x, int H, int W, int C, int KH, int KW, int SH, int SW, int DH, int DW, int padT,
            int padL, int OH, int OW, int m0, int mc, float *col) {
  const int K = KH * KW * C;
  const int ohw = OH * OW;
  int n = m0 / ohw;
  int rem = m0 - n * ohw;
  int oh = rem / OW;
  int ow = rem - oh * OW;
  for (int r = 0; r < mc; r++) {
    float *dst = col + (long)r * K;
    const int ih0 = oh * SH - padT;
    const int iw0 = ow * SW - padL;
    const float *xb = x + (long)n * H * W * C;
    const int rowInside = DW == 1 && iw0 >= 0 && iw0 + KW <= W;
    for (int kh = 0; kh < KH; kh++) {
      const int ih = ih0 + kh * DH;
      if (ih < 0 || ih >= H) {
        zero_f32(dst, KW * C);
        dst += KW * C;
        continue;
      }
      const float *xrow = xb + (long)ih * W * C;
      if (rowInside) {
        copy_f32(dst, xrow + iw0 * C, KW * C);
        dst += KW * C;
        continue;
      }
      for (int kw = 0; kw < KW; kw++) {
        const int iw = iw0 + kw * DW;
        if (iw < 0 || iw >= W) zero_f32(dst, C);
        else copy_f32(dst, xrow + iw * C, C);
        dst += C;
      }
    }
    if (++ow == OW) { ow = 0; if (++oh == OH) { oh = 0; n++; } }
  }
}

EXPORT("col2im")
void col2im(const float *col, int H, int W, int C, int KH, int KW, int SH, int SW, int DH, int DW, int padT,
            int padL, int OH, int OW, int m0, int mc, float *dx) {
  const int K = KH * KW * C;
  const int ohw = OH * OW;
  int n = m0 / ohw;
  int rem = m0 - n * ohw;
  int oh = rem / OW;
  int ow = rem - oh * OW;
  for (int r = 0; r < mc; r++) {
    const float *src = col + (long)r * K;
    const int ih0 = oh * SH - padT;
    const int iw0 = ow * SW - padL;
    float *xb = dx + (long)n * H * W * C;
    const int rowInside = DW == 1 && iw0 >= 0 && iw0 + KW <= W;
    for (int kh = 0; kh < KH; kh++) {
      const int ih = ih0 + kh * DH;
      if (ih < 0 || ih >= H) { src += KW * C; continue; }
      float *xrow = xb + (long)ih * W * C;
      if (rowInside) {
        add_f32(xrow + iw0 * C, src, KW * C);
        src += KW * C;
        continue;
      }
      for (int kw = 0; kw < KW; kw++) {
        const int iw = iw0 + kw * DW;
        if (iw >= 0 && iw < W) add_f32(xrow + iw * C, src, C);
        src += C;
      }
    }
    if (++ow == OW) { ow = 0; if (++oh == OH) { oh = 0; n++; } }
  }
}

#define STORE(p, v)                                                                                                  \
  do {                                                                                                               \
    if (acc) wasm_v128_store((p), wasm_f32x4_add(wasm_v128_load(p), (v)));                                          \
    else wasm_v128_store((p), (v));                                                                                  \
  } while (0)

// C[M,N] (+)= A * B with A(i,k) = A[i*sai + k*sak], B row-major [K,N] (ldb), C row-major (ldc).
// 4x8 register tiles of v128 accumulators; 4x4, then scalar columns; then single rows.
static inline __attribute__((always_inline)) void gemm(int M, int N, int K, const float *A, int sai, int sak,
                                                       const float *B, int ldb, float *Cm, int ldc, int acc) {
  const int M4 = M & ~3;
  for (int i = 0; i < M4; i += 4) {
    const float *a0 = A + (long)i * sai, *a1 = a0 + sai, *a2 = a1 + sai, *a3 = a2 + sai;
    int j = 0;
    for (; j + 8 <= N; j += 8) {
      v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
      const float *bp = B + j;
      long ak = 0;
      for (int k = 0; k < K; k++) {
        const v128_t b0 = wasm_v128_load(bp), b1 = wasm_v128_load(bp + 4);
        const v128_t x0 = wasm_f32x4_splat(a0[ak]), x1 = wasm_f32x4_splat(a1[ak]);
        const v128_t x2 = wasm_f32x4_splat(a2[ak]), x3 = wasm_f32x4_splat(a3[ak]);
        c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(x0, b0)); c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(x0, b1));
        c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(x1, b0)); c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(x1, b1));
        c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(x2, b0)); c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(x2, b1));
        c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(x3, b0)); c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(x3, b1));
        bp += ldb;
        ak += sak;
      }
      float *cp = Cm + (long)i * ldc + j;
      STORE(cp, c00); STORE(cp + 4, c01); cp += ldc;
      STORE(cp, c10); STORE(cp + 4, c11); cp += ldc;
      STORE(cp, c20); STORE(cp + 4, c21); cp += ldc;
      STORE(cp, c30); STORE(cp + 4, c31);
    }
    for (; j + 4 <= N; j += 4) {
      v128_t c0 = wasm_f32x4_splat(0), c1 = c0, c2 = c0, c3 = c0;
      const float *bp = B + j;
      long ak = 0;
      for (int k = 0; k < K; k++) {
        const v128_t b0 = wasm_v128_load(bp);
        c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(wasm_f32x4_splat(a0[ak]), b0));
        c1 = wasm_f32x4_add(c1, wasm_f32x4_mul(wasm_f32x4_splat(a1[ak]), b0));
        c2 = wasm_f32x4_add(c2, wasm_f32x4_mul(wasm_f32x4_splat(a2[ak]), b0));
        c3 = wasm_f32x4_add(c3, wasm_f32x4_mul(wasm_f32x4_splat(a3[ak]), b0));
        bp += ldb;
        ak += sak;
      }
      float *cp = Cm + (long)i * ldc + j;
      STORE(cp, c0); cp += ldc;
      STORE(cp, c1); cp += ldc;
      STORE(cp, c2); cp += ldc;
      STORE(cp, c3);
    }
    for (; j < N; j++) {
      float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      const float *bp = B + j;
      long ak = 0;
      for (int k = 0; k < K; k++) {
        const float y = *bp;
        s0 += a0[ak] * y; s1 += a1[ak] * y; s2 += a2[ak] * y; s3 += a3[ak] * y;
        bp += ldb;
        ak += sak;
      }
      float *cp = Cm + (long)i * ldc + j;
      if (acc) { cp[0] += s0; cp[ldc] += s1; cp[2 * ldc] += s2; cp[3 * ldc] += s3; }
      else { cp[0] = s0; cp[ldc] = s1; cp[2 * ldc] = s2; cp[3 * ldc] = s3; }
    }
  }
  for (int i = M4; i < M; i++) {
    const float *ai = A + (long)i * sai;
    int j = 0;
    for (; j + 4 <= N; j += 4) {
      v128_t c0 = wasm_f32x4_splat(0);
      const float *bp = B + j;
      long ak = 0;
      for (int k = 0; k < K; k++) {
        c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(wasm_f32x4_splat(ai[ak]), wasm_v128_load(bp)));
        bp += ldb;
        ak += sak;
      }
      float *cp = Cm + (long)i * ldc + j;
      STORE(cp, c0);
    }
    for (; j < N; j++) {
      float s = 0;
      const float *bp = B + j;
      long ak = 0;
      for (int k = 0; k < K; k++) { s += ai[ak] * *bp; bp += ldb; ak += sak; }
      float *cp = Cm + (long)i * ldc + j;
      if (acc) *cp += s; else *cp = s;
    }
  }
}

EXPORT("gemm_nn")
void gemm_nn(int M, int N, int K, const float *A, int lda, const float *B, int ldb, float *Cm, int ldc, int acc) {
  gemm(M, N, K, A, lda, 1, B, ldb, Cm, ldc, acc);
}

EXPORT("gemm_tn")
void gemm_tn(int M, int N, int K, const float *A, int lda, const float *B, int ldb, float *Cm, int ldc, int acc) {
  gemm(M, N, K, A, 1, lda, B, ldb, Cm, ldc, acc);
}

EXPORT("bias_act")
void bias_act(float *y, int M, int N, const float *bias, int hasBias, int act, float alpha) {
  if (hasBias) {
    for (int i = 0; i < M; i++) add_f32(y + (long)i * N, bias, N);
  }
  const long total = (long)M * N;
  if (act == ACT_RELU) {
    for (long p = 0; p < total; p++) { const float v = y[p]; y[p] = v < 0 ? 0 : v; }
  } else if (act == ACT_RELU6) {
    for (long p = 0; p < total; p++) { const float v = y[p]; y[p] = v < 0 ? 0 : v > 6 ? 6 : v; }
  } else if (act == ACT_LEAKY) {
    for (long p = 0; p < total; p++) { const float v = y[p]; y[p] = v < 0 ? v * alpha : v; }
  }
}

// best < v ? v : best, lane-wise: wasm's pseudo-maximum, one maxps on x86 (a bitselect on a compare is four
// dependent instructions). NaN taps are skipped and ties keep the earlier tap, as the compare did.
static inline __attribute__((always_inline)) v128_t vmax_first(v128_t best, v128_t v) {
  return wasm_f32x4_pmax(best, v);
}

// Max pooling, NHWC, channels vectorised. Ties keep the first maximum in row-major window order (as tfjs does).
// Each window's taps are walked once for up to 8 channels (two vectors; for C = 5..7 the second overlaps the first,
// rewriting the same maxima), so small channel counts (LeNet's 6) pay the loop overhead once, not per vector.

EXPORT("maxpool_fwd")
void maxpool_fwd(const float *x, int N, int H, int W, int C, int FH, int FW, int SH, int SW, int padT, int padL,
                 int OH, int OW, float *y) {
  float *o = y;
  const long rs = (long)W * C;
  const v128_t ninf = wasm_f32x4_splat(-__builtin_inff());
  for (int n = 0; n < N; n++) {
    const float *xb = x + (long)n * H * W * C;
    for (int oh = 0; oh < OH; oh++) {
      const int h0 = oh * SH - padT;
      const int hs = h0 < 0 ? 0 : h0, he = h0 + FH > H ? H : h0 + FH;
      for (int ow = 0; ow < OW; ow++) {
        const int w0 = ow * SW - padL;
        const int ws = w0 < 0 ? 0 : w0, we = w0 + FW > W ? W : w0 + FW;
        const float *p0 = xb + ((long)hs * W + ws) * C;
        const int nh = he - hs, nw = we - ws;
        int c = 0;
        if (C >= 4) {
          while (c < C) {
            const int r = C - c;
            if (r > 4) {
              // two vectors: c and c + 4, or (5..7 left) c and C - 4
              const int c1 = r >= 8 ? c + 4 : C - 4;
              v128_t b0 = ninf, b1 = ninf;
              const float *pr = p0;
              if (nh == 2 && nw == 2) {
                // a 2x2 window (the common pooling) unrolled: the tap loops' overhead was most of the kernel's time
                b0 = vmax_first(b0, wasm_v128_load(pr + c));
                b0 = vmax_first(b0, wasm_v128_load(pr + C + c));
                b0 = vmax_first(b0, wasm_v128_load(pr + rs + c));
                b0 = vmax_first(b0, wasm_v128_load(pr + rs + C + c));
                b1 = vmax_first(b1, wasm_v128_load(pr + c1));
                b1 = vmax_first(b1, wasm_v128_load(pr + C + c1));
                b1 = vmax_first(b1, wasm_v128_load(pr + rs + c1));
                b1 = vmax_first(b1, wasm_v128_load(pr + rs + C + c1));
              } else
                for (int i = 0; i < nh; i++, pr += rs) {
                  const float *q = pr;
                  for (int j = 0; j < nw; j++, q += C) {
                    b0 = vmax_first(b0, wasm_v128_load(q + c));
                    b1 = vmax_first(b1, wasm_v128_load(q + c1));
                  }
                }
              wasm_v128_store(o + c, b0);
              wasm_v128_store(o + c1, b1);
              c = r >= 8 ? c + 8 : C;
            } else {
              // one vector: the last 4 channels (overlapping the ones before when r < 4)
              const int c0 = C - 4;
              v128_t b0 = ninf;
              const float *pr = p0;
              for (int i = 0; i < nh; i++, pr += rs) {
                const float *q = pr;
                for (int j = 0; j < nw; j++, q += C) b0 = vmax_first(b0, wasm_v128_load(q + c0));
              }
              wasm_v128_store(o + c0, b0);
              c = C;
            }
          }
        } else {
          for (; c < C; c++) {
            float best = -__builtin_inff();
            const float *pr = p0 + c;
            for (int i = 0; i < nh; i++, pr += rs)
              for (int j = 0; j < nw; j++) {
                const float v = pr[(long)j * C];
                best = v > best ? v : best;
              }
            o[c] = best;
          }
        }
        o += C;
      }
    }
  }
}

// One tap of a running argmax: B the maxima so far, A where they lie (T: this tap's pixel index in the image), -1 where
// none yet (all NaN / -inf); strictly greater replaces, so each lane keeps its first maximum in row-major order.
#define ARGMAX_STEP(B, A, V, T)                                                                                        \
  do {                                                                                                                 \
    const v128_t v_ = (V);                                                                                             \
    const v128_t gt_ = wasm_f32x4_gt(v_, B);                                                                           \
    B = wasm_f32x4_pmax(B, v_);                                                                                        \
    A = wasm_v128_bitselect(T, A, gt_);                                                                                \
  } while (0)

// dx from dy routed to each window's first maximum. `tiles` (the windows tile the input: stride = window, every input
// in exactly one window): dx is written whole, each float once (dy at the maximum, 0 at the other taps), so the
// caller need not zero it. Otherwise each image's dx is zeroed here, then += dy at each maximum.
EXPORT("maxpool_bwd")
void maxpool_bwd(const float *x, const float *dy, int N, int H, int W, int C, int FH, int FW, int SH, int SW,
                 int padT, int padL, int OH, int OW, float *dx, int tiles) {
  const float *g = dy;
  const long rs = (long)W * C;
  const v128_t ninf = wasm_f32x4_splat(-__builtin_inff());
  const v128_t none = wasm_i32x4_splat(-1), zero = wasm_f32x4_splat(0.0f);
  for (int n = 0; n < N; n++) {
    const long nb = (long)n * H * W * C;
    const float *xb = x + nb;
    float *db = dx + nb;
    if (!tiles) zero_f32(db, H * W * C); // the image's dx, just before its scatter-adds (still in cache for them)
    for (int oh = 0; oh < OH; oh++) {
      const int h0 = oh * SH - padT;
      const int hs = h0 < 0 ? 0 : h0, he = h0 + FH > H ? H : h0 + FH;
      for (int ow = 0; ow < OW; ow++) {
        const int w0 = ow * SW - padL;
        const int ws = w0 < 0 ? 0 : w0, we = w0 + FW > W ? W : w0 + FW;
        const long off0 = ((long)hs * W + ws) * C;
        const float *p0 = xb + off0;
        float *d0 = db + off0;
        const int nh = he - hs, nw = we - ws;
        int c = 0;
        if (C >= 4) {
          while (c < C) {
            const int r = C - c;
            // two vectors (c0, c1) or one (c1 only: the last 4 channels); c1 may overlap channels done before it
            const int two = r > 4;
            const int c0 = c, c1 = r >= 8 ? c + 4 : C - 4;
            v128_t b0 = ninf, b1 = ninf, a0 = none, a1 = none;
            const float *pr = p0;
            // the argmax as the pixel index in the image (ih * W + iw)
            const int pix0 = hs * W + ws;
            const v128_t t0 = wasm_i32x4_splat(pix0), t1 = wasm_i32x4_splat(pix0 + 1), t2 = wasm_i32x4_splat(pix0 + W),
                         t3 = wasm_i32x4_splat(pix0 + W + 1);
            if (nh == 2 && nw == 2) {
              // a 2x2 window (the common pooling) unrolled: the tap loops' overhead was most of the kernel's time
              if (two) {
                ARGMAX_STEP(b0, a0, wasm_v128_load(pr + c0), t0);
                ARGMAX_STEP(b0, a0, wasm_v128_load(pr + C + c0), t1);
                ARGMAX_STEP(b0, a0, wasm_v128_load(pr + rs + c0), t2);
                ARGMAX_STEP(b0, a0, wasm_v128_load(pr + rs + C + c0), t3);
              }
              ARGMAX_STEP(b1, a1, wasm_v128_load(pr + c1), t0);
              ARGMAX_STEP(b1, a1, wasm_v128_load(pr + C + c1), t1);
              ARGMAX_STEP(b1, a1, wasm_v128_load(pr + rs + c1), t2);
              ARGMAX_STEP(b1, a1, wasm_v128_load(pr + rs + C + c1), t3);
            } else
              for (int i = 0; i < nh; i++, pr += rs) {
                const float *q = pr;
                for (int j = 0; j < nw; j++, q += C) {
                  const v128_t tv = wasm_i32x4_splat(pix0 + i * W + j);
                  if (two) ARGMAX_STEP(b0, a0, wasm_v128_load(q + c0), tv);
                  ARGMAX_STEP(b1, a1, wasm_v128_load(q + c1), tv);
                }
              }
            const v128_t g0 = two ? wasm_v128_load(g + c0) : zero, g1 = wasm_v128_load(g + c1);
            if (tiles) {
              // every tap of the window gets its float: dy where the maximum is, else 0 (overlapping lanes get the
              // same value twice)
              float *dr = d0;
              if (nh == 2 && nw == 2) {
#define PUT(k, q)                                                                                                       \
  do {                                                                                                                 \
    const v128_t tv = (k);                                                                                             \
    if (two) wasm_v128_store((q) + c0, wasm_v128_and(g0, wasm_i32x4_eq(a0, tv)));                                      \
    wasm_v128_store((q) + c1, wasm_v128_and(g1, wasm_i32x4_eq(a1, tv)));                                               \
  } while (0)
                PUT(t0, dr);
                PUT(t1, dr + C);
                PUT(t2, dr + rs);
                PUT(t3, dr + rs + C);
#undef PUT
              } else
                for (int i = 0; i < nh; i++, dr += rs) {
                  float *q = dr;
                  for (int j = 0; j < nw; j++, q += C) {
                    const v128_t tv = wasm_i32x4_splat(pix0 + i * W + j);
                    if (two) wasm_v128_store(q + c0, wasm_v128_and(g0, wasm_i32x4_eq(a0, tv)));
                    wasm_v128_store(q + c1, wasm_v128_and(g1, wasm_i32x4_eq(a1, tv)));
                  }
                }
            } else {
              // += dy at the maxima (pixel index * C + channel in the image); lanes of c1 below `skip` were done by
              // c0 or before
              const int skip = two ? c0 + 4 - c1 : c - c1;
              if (two) {
                const int i0 = wasm_i32x4_extract_lane(a0, 0), i1 = wasm_i32x4_extract_lane(a0, 1);
                const int i2 = wasm_i32x4_extract_lane(a0, 2), i3 = wasm_i32x4_extract_lane(a0, 3);
                if (i0 >= 0) db[(long)i0 * C + c0] += g[c0];
                if (i1 >= 0) db[(long)i1 * C + c0 + 1] += g[c0 + 1];
                if (i2 >= 0) db[(long)i2 * C + c0 + 2] += g[c0 + 2];
                if (i3 >= 0) db[(long)i3 * C + c0 + 3] += g[c0 + 3];
              }
              // lanes read into locals, not a stack array: the threaded build's instances share one linear memory
              // and one stack region, so nothing here may live on the shadow stack
              const int j0 = wasm_i32x4_extract_lane(a1, 0), j1 = wasm_i32x4_extract_lane(a1, 1);
              const int j2 = wasm_i32x4_extract_lane(a1, 2), j3 = wasm_i32x4_extract_lane(a1, 3);
              if (skip <= 0 && j0 >= 0) db[(long)j0 * C + c1] += g[c1];
              if (skip <= 1 && j1 >= 0) db[(long)j1 * C + c1 + 1] += g[c1 + 1];
              if (skip <= 2 && j2 >= 0) db[(long)j2 * C + c1 + 2] += g[c1 + 2];
              if (skip <= 3 && j3 >= 0) db[(long)j3 * C + c1 + 3] += g[c1 + 3];
            }
            c = r >= 8 ? c + 8 : C;
          }
        } else {
          for (; c < C; c++) {
            float best = -__builtin_inff();
            int at = -1;
            for (int ih = hs; ih < he; ih++)
              for (int iw = ws; iw < we; iw++) {
                const int p = ih * W + iw;
                const float v = xb[(long)p * C + c];
                if (v > best) { best = v; at = p; }
              }
            if (tiles) {
              for (int ih = hs; ih < he; ih++)
                for (int iw = ws; iw < we; iw++) {
                  const int p = ih * W + iw;
                  db[(long)p * C + c] = p == at ? g[c] : 0.0f;
                }
            } else if (at >= 0)
              db[(long)at * C + c] += g[c];
          }
        }
        g += C;
      }
    }
  }
}

// ---- Row-range drivers, the unit of work of one thread (threads.ts). Rows are the flattened (n, oh, ow) output
// index; each call works on [m0, m1) in chunks of mc rows through its own im2col scratch `col`, so N threads run
// N calls on disjoint row ranges with disjoint scratch and never write the same float.

// y[m0:m1, :OCp] = im2col(x) x w (w is [K, OCp]).
EXPORT("conv_fwd_rows")
void conv_fwd_rows(const float *x, int H, int W, int C, int KH, int KW, int SH, int SW, int DH, int DW, int padT,
                   int padL, int OH, int OW, int m0, int m1, int mc, float *col, const float *w, int OCp, float *y) {
  const int K = KH * KW * C;
  for (int m = m0; m < m1; m += mc) {
    const int rows = m1 - m < mc ? m1 - m : mc;
    im2col(x, H, W, C, KH, KW, SH, SW, DH, DW, padT, padL, OH, OW, m, rows, col);
    gemm(rows, OCp, K, col, K, 1, w, OCp, y + (long)m * OCp, OCp, 0);
  }
}

// dw[K, OC] (+)= im2col(x)[m0:m1]^T x dy[m0:m1]; acc = 0 overwrites dw with the first chunk.
EXPORT("conv_dw_rows")
void conv_dw_rows(const float *x, int H, int W, int C, int KH, int KW, int SH, int SW, int DH, int DW, int padT,
                  int padL, int OH, int OW, int m0, int m1, int mc, float *col, const float *dy, int OC, float *dw,
                  int acc) {
  const int K = KH * KW * C;
  for (int m = m0; m < m1; m += mc) {
    const int rows = m1 - m < mc ? m1 - m : mc;
    im2col(x, H, W, C, KH, KW, SH, SW, DH, DW, padT, padL, OH, OW, m, rows, col);
    gemm(K, OC, rows, col, 1, K, dy + (long)m * OC, OC, dw, OC, acc || m > m0);
  }
}

// dx (zeroed over the images of [m0, m1) by the caller) += col2im(dy[m0:m1] x wt), wt is [OC, K]. Threads get row
// ranges that start and end on whole images, so their scatter-adds never touch the same image.
EXPORT("conv_dx_rows")
void conv_dx_rows(const float *dy, int H, int W, int C, int KH, int KW, int SH, int SW, int DH, int DW, int padT,
                  int padL, int OH, int OW, int m0, int m1, int mc, float *col, const float *wt, int OC, float *dx) {
  const int K = KH * KW * C;
  for (int m = m0; m < m1; m += mc) {
    const int rows = m1 - m < mc ? m1 - m : mc;
    gemm(rows, K, OC, dy + (long)m * OC, OC, 1, wt, K, col, K, 0);
    col2im(col, H, W, C, KH, KW, SH, SW, DH, DW, padT, padL, OH, OW, m, rows, dx);
  }
}

// ---- Direct (implicit-GEMM) forward convolution for DW = 1: the rows of the im2col matrix are read straight from a
// zero-padded copy of x, xp [N, Hp, Wp, C] with Hp = (OH-1)*SH + (KH-1)*DH + 1, Wp = (OW-1)*SW + KW: output pixel
// (n, oh, ow) reads, for each kh, the KW*C contiguous floats at xp[n, oh*SH + kh*DH, ow*SW, :]. Same 4x8 register
// tiles and the same summation order as im2col + gemm, without writing and re-reading the im2col matrix (for a
// 5x5 conv with few channels that was as much time as the GEMM itself).

// xp = x zero-padded by padT rows and padL columns on top / left, cut or zero-filled to Hp x Wp; images [n0, n1).
EXPORT("pad_images")
void pad_images(const float *x, int H, int W, int C, int padT, int padL, int Hp, int Wp, int n0, int n1, float *xp) {
  const int cw = W < Wp - padL ? W : Wp - padL; // columns of x that land inside xp
  for (int n = n0; n < n1; n++) {
    const float *xb = x + (long)n * H * W * C;
    float *pb = xp + (long)n * Hp * Wp * C;
    for (int hp = 0; hp < Hp; hp++) {
      float *row = pb + (long)hp * Wp * C;
      const int ih = hp - padT;
      if (ih < 0 || ih >= H || cw <= 0) { zero_f32(row, Wp * C); continue; }
      zero_f32(row, padL * C);
      copy_f32(row + padL * C, xb + (long)ih * W * C, cw * C);
      zero_f32(row + (padL + cw) * C, (Wp - padL - cw) * C);
    }
  }
}

// dst[M, N] = the first N columns of src[M, Np], rows [m0, m1).
EXPORT("take_cols")
void take_cols(const float *src, int Np, int N, int m0, int m1, float *dst) {
  for (int m = m0; m < m1; m++) {
    const float *s = src + (long)m * Np;
    float *d = dst + (long)m * N;
    int j = 0;
    for (; j + 4 <= N; j += 4) wasm_v128_store(d + j, wasm_v128_load(s + j));
    for (; j < N; j++) d[j] = s[j];
  }
}

static inline const float *dpix(const float *xp, int Hp, int Wp, int C, int SH, int SW, int OH, int OW, int m) {
  const int ohw = OH * OW;
  const int n = m / ohw, rem = m - n * ohw;
  const int oh = rem / OW, ow = rem - oh * OW;
  return xp + (((long)n * Hp + (long)oh * SH) * Wp + (long)ow * SW) * C;
}

// Widens [*khlo, *khhi) x [*kwlo, *kwhi) to the filter taps of output row m that fall inside the data rows
// [rlo, rhi) and columns [clo, chi) of xp (the rest read zero padding and add nothing).
static inline void taps(int m, int OH, int OW, int SH, int SW, int DH, int KH, int KW, int rlo, int rhi, int clo,
                        int chi, int *khlo, int *khhi, int *kwlo, int *kwhi) {
  const int ohw = OH * OW, rem = m % ohw;
  const int r = (rem / OW) * SH, c = (rem % OW) * SW;
  int lo = rlo - r, hi = rhi - r; // kh*DH in [lo, hi)
  lo = lo <= 0 ? 0 : (lo + DH - 1) / DH;
  hi = hi <= 0 ? 0 : (hi + DH - 1) / DH;
  if (hi > KH) hi = KH;
  if (lo < hi) {
    if (lo < *khlo) *khlo = lo;
    if (hi > *khhi) *khhi = hi;
  }
  int wlo = clo - c, whi = chi - c;
  if (wlo < 0) wlo = 0;
  if (whi > KW) whi = KW;
  if (wlo < whi) {
    if (wlo < *kwlo) *kwlo = wlo;
    if (whi > *kwhi) *kwhi = whi;
  }
}

// y[m0:m1, :OCp] = direct conv of xp with w [KH*KW*C, OCp]; m0 a multiple of 4 or the last rows. xp's data (not
// zero padding) is rows [rlo, rhi) x columns [clo, chi): each tile of 4 output rows skips the filter rows and
// columns that read only padding for all four (a stride-1 input gradient's 'full' convolution is half padding).
EXPORT("conv_fwd_direct")
void conv_fwd_direct(const float *xp, int Hp, int Wp, int C, int KH, int KW, int SH, int SW, int DH, int OH, int OW,
                     int m0, int m1, const float *w, int OCp, float *y, int rlo, int rhi, int clo, int chi) {
  const int KWC = KW * C;
  const long rs = (long)DH * Wp * C;
  int i = m0;
  for (; i + 4 <= m1; i += 4) {
    const float *p0 = dpix(xp, Hp, Wp, C, SH, SW, OH, OW, i), *p1 = dpix(xp, Hp, Wp, C, SH, SW, OH, OW, i + 1);
    const float *p2 = dpix(xp, Hp, Wp, C, SH, SW, OH, OW, i + 2), *p3 = dpix(xp, Hp, Wp, C, SH, SW, OH, OW, i + 3);
    float *cp = y + (long)i * OCp;
    int khlo = KH, khhi = 0, kwlo = KW, kwhi = 0;
    for (int q = 0; q < 4; q++) taps(i + q, OH, OW, SH, SW, DH, KH, KW, rlo, rhi, clo, chi, &khlo, &khhi, &kwlo, &kwhi);
    if (kwlo >= kwhi) khhi = khlo; // no tap reads data: zeros
    const int tlo = kwlo * C, thi = kwhi * C;
    int j = 0;
    for (; j + 8 <= OCp; j += 8) {
      v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
      const float *bp = w + j;
      for (int kh = khlo; kh < khhi; kh++) {
        const float *a0 = p0 + kh * rs, *a1 = p1 + kh * rs, *a2 = p2 + kh * rs, *a3 = p3 + kh * rs;
        bp = w + j + ((long)kh * KWC + tlo) * OCp;
        for (int t = tlo; t < thi; t++) {
          const v128_t b0 = wasm_v128_load(bp), b1 = wasm_v128_load(bp + 4);
          const v128_t x0 = wasm_f32x4_splat(a0[t]), x1 = wasm_f32x4_splat(a1[t]);
          const v128_t x2 = wasm_f32x4_splat(a2[t]), x3 = wasm_f32x4_splat(a3[t]);
          c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(x0, b0)); c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(x0, b1));
          c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(x1, b0)); c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(x1, b1));
          c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(x2, b0)); c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(x2, b1));
          c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(x3, b0)); c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(x3, b1));
          bp += OCp;
        }
      }
      float *o = cp + j;
      wasm_v128_store(o, c00); wasm_v128_store(o + 4, c01); o += OCp;
      wasm_v128_store(o, c10); wasm_v128_store(o + 4, c11); o += OCp;
      wasm_v128_store(o, c20); wasm_v128_store(o + 4, c21); o += OCp;
      wasm_v128_store(o, c30); wasm_v128_store(o + 4, c31);
    }
    for (; j + 4 <= OCp; j += 4) {
      v128_t c0 = wasm_f32x4_splat(0), c1 = c0, c2 = c0, c3 = c0;
      const float *bp = w + j;
      for (int kh = khlo; kh < khhi; kh++) {
        const float *a0 = p0 + kh * rs, *a1 = p1 + kh * rs, *a2 = p2 + kh * rs, *a3 = p3 + kh * rs;
        bp = w + j + ((long)kh * KWC + tlo) * OCp;
        for (int t = tlo; t < thi; t++) {
          const v128_t b0 = wasm_v128_load(bp);
          c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(wasm_f32x4_splat(a0[t]), b0));
          c1 = wasm_f32x4_add(c1, wasm_f32x4_mul(wasm_f32x4_splat(a1[t]), b0));
          c2 = wasm_f32x4_add(c2, wasm_f32x4_mul(wasm_f32x4_splat(a2[t]), b0));
          c3 = wasm_f32x4_add(c3, wasm_f32x4_mul(wasm_f32x4_splat(a3[t]), b0));
          bp += OCp;
        }
      }
      float *o = cp + j;
      wasm_v128_store(o, c0); o += OCp;
      wasm_v128_store(o, c1); o += OCp;
      wasm_v128_store(o, c2); o += OCp;
      wasm_v128_store(o, c3);
    }
    for (; j < OCp; j++) {
      float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      const float *bp = w + j;
      for (int kh = khlo; kh < khhi; kh++) {
        const float *a0 = p0 + kh * rs, *a1 = p1 + kh * rs, *a2 = p2 + kh * rs, *a3 = p3 + kh * rs;
        bp = w + j + ((long)kh * KWC + tlo) * OCp;
        for (int t = tlo; t < thi; t++) {
          const float v = *bp;
          s0 += a0[t] * v; s1 += a1[t] * v; s2 += a2[t] * v; s3 += a3[t] * v;
          bp += OCp;
        }
      }
      cp[j] = s0; cp[OCp + j] = s1; cp[2 * OCp + j] = s2; cp[3 * OCp + j] = s3;
    }
  }
  for (; i < m1; i++) {
    const float *p0 = dpix(xp, Hp, Wp, C, SH, SW, OH, OW, i);
    float *cp = y + (long)i * OCp;
    int khlo = KH, khhi = 0, kwlo = KW, kwhi = 0;
    taps(i, OH, OW, SH, SW, DH, KH, KW, rlo, rhi, clo, chi, &khlo, &khhi, &kwlo, &kwhi);
    if (kwlo >= kwhi) khhi = khlo;
    const int tlo = kwlo * C, thi = kwhi * C;
    int j = 0;
    for (; j + 4 <= OCp; j += 4) {
      v128_t c0 = wasm_f32x4_splat(0);
      const float *bp = w + j;
      for (int kh = khlo; kh < khhi; kh++) {
        const float *a0 = p0 + kh * rs;
        bp = w + j + ((long)kh * KWC + tlo) * OCp;
        for (int t = tlo; t < thi; t++) {
          c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(wasm_f32x4_splat(a0[t]), wasm_v128_load(bp)));
          bp += OCp;
        }
      }
      wasm_v128_store(cp + j, c0);
    }
    for (; j < OCp; j++) {
      float s = 0;
      const float *bp = w + j;
      for (int kh = khlo; kh < khhi; kh++) {
        const float *a0 = p0 + kh * rs;
        bp = w + j + ((long)kh * KWC + tlo) * OCp;
        for (int t = tlo; t < thi; t++) { s += a0[t] * *bp; bp += OCp; }
      }
      cp[j] = s;
    }
  }
}

// One input channel (LeNet's first conv: C = 1, where conv_fwd_direct's tiles, 4 pixels x 8 channels with one
// broadcast x per pixel and tap, and OCp-wide rows compacted afterwards, ran at ~3.6 GMAC/s): P neighbouring output
// pixels of one output row (stride 1, dilation 1) in P/4 vectors, G output channels at a time, so a tap costs P/4
// vector loads of x and one broadcast weight per channel. Sums in the same order as conv_fwd_direct (kh, then kw,
// from zero), then + bias and the activation as bias_act applies them, written straight to y [M, OC].
static inline __attribute__((always_inline)) float act1(int act, float v, float alpha) {
  if (act == ACT_RELU) return v < 0 ? 0 : v;
  if (act == ACT_RELU6) return v < 0 ? 0 : v > 6 ? 6 : v;
  if (act == ACT_LEAKY) return v < 0 ? v * alpha : v;
  return v;
}

// G (4 or 8) channels are computed, the first `g` stored: w's columns up to OCp are zero padding, so a group may run
// past OC (two compiled widths keep the module small).
static inline __attribute__((always_inline)) void c1_tile(const int P, const int G, const float *xr, int Wp, int KH,
                                                          int KW, const float *w, int OCp, const float *bias,
                                                          int hasBias, int act, float alpha, float *y, int OC, int g) {
  v128_t a[8][2];
#pragma clang loop unroll(full)
  for (int c = 0; c < 8; c++) a[c][0] = a[c][1] = wasm_f32x4_splat(0);
#pragma clang loop unroll(disable)
  for (int kh = 0; kh < KH; kh++) {
    const float *xk = xr + (long)kh * Wp;
    const float *wk = w + (long)kh * KW * OCp;
#pragma clang loop unroll(disable)
    for (int kw = 0; kw < KW; kw++) {
      const v128_t x0 = wasm_v128_load(xk + kw);
      const v128_t x1 = P > 4 ? wasm_v128_load(xk + kw + 4) : x0;
      const float *wt = wk + (long)kw * OCp;
#pragma clang loop unroll(full)
      for (int c = 0; c < 8; c++)
        if (c < G) {
          const v128_t wv = wasm_v128_load32_splat(wt + c);
          a[c][0] = wasm_f32x4_add(a[c][0], wasm_f32x4_mul(x0, wv));
          if (P > 4) a[c][1] = wasm_f32x4_add(a[c][1], wasm_f32x4_mul(x1, wv));
        }
    }
  }
  // + bias and the activation on the vectors (the same float operations as bias_act), then lane by lane to y:
  // nothing goes through the stack, which the threads of core-mt share
  const v128_t zero = wasm_f32x4_splat(0), six = wasm_f32x4_splat(6), al = wasm_f32x4_splat(alpha);
#pragma clang loop unroll(full)
  for (int c = 0; c < 8; c++)
    if (c < G) {
#pragma clang loop unroll(full)
      for (int h = 0; h < 2; h++)
        if (h == 0 || P > 4) {
          v128_t v = a[c][h];
          if (hasBias) v = wasm_f32x4_add(v, wasm_v128_load32_splat(bias + c));
          if (act == ACT_RELU) v = wasm_f32x4_pmax(v, zero); // v < 0 ? 0 : v
          else if (act == ACT_RELU6) v = wasm_f32x4_pmin(wasm_f32x4_pmax(v, zero), six);
          else if (act == ACT_LEAKY) v = wasm_v128_bitselect(wasm_f32x4_mul(v, al), v, wasm_f32x4_lt(v, zero));
          a[c][h] = v;
        }
    }
#pragma clang loop unroll(full)
  for (int c = 0; c < 8; c++)
    if (c < G && c < g) {
      float *o = y + c;
      o[0] = wasm_f32x4_extract_lane(a[c][0], 0);
      o[OC] = wasm_f32x4_extract_lane(a[c][0], 1);
      o[2 * OC] = wasm_f32x4_extract_lane(a[c][0], 2);
      o[3 * OC] = wasm_f32x4_extract_lane(a[c][0], 3);
      if (P > 4) {
        o[4 * OC] = wasm_f32x4_extract_lane(a[c][1], 0);
        o[5 * OC] = wasm_f32x4_extract_lane(a[c][1], 1);
        o[6 * OC] = wasm_f32x4_extract_lane(a[c][1], 2);
        o[7 * OC] = wasm_f32x4_extract_lane(a[c][1], 3);
      }
    }
}

static void c1_group(int G, const float *xr, int Wp, int KH, int KW, const float *w, int OCp, const float *bias,
                     int hasBias, int act, float alpha, float *y, int OC, int g, int count) {
  int p = 0;
  if (G == 8) {
    for (; p + 8 <= count; p += 8)
      c1_tile(8, 8, xr + p, Wp, KH, KW, w, OCp, bias, hasBias, act, alpha, y + (long)p * OC, OC, g);
    for (; p + 4 <= count; p += 4)
      c1_tile(4, 8, xr + p, Wp, KH, KW, w, OCp, bias, hasBias, act, alpha, y + (long)p * OC, OC, g);
  } else {
    for (; p + 8 <= count; p += 8)
      c1_tile(8, 4, xr + p, Wp, KH, KW, w, OCp, bias, hasBias, act, alpha, y + (long)p * OC, OC, g);
    for (; p + 4 <= count; p += 4)
      c1_tile(4, 4, xr + p, Wp, KH, KW, w, OCp, bias, hasBias, act, alpha, y + (long)p * OC, OC, g);
  }
  for (; p < count; p++) {
    // one pixel: scalar sums in the same order
    for (int c = 0; c < g; c++) {
      float s = 0;
      for (int kh = 0; kh < KH; kh++)
#pragma clang loop vectorize(disable) unroll(disable)
        for (int kw = 0; kw < KW; kw++) s += xr[p + (long)kh * Wp + kw] * w[((long)kh * KW + kw) * OCp + c];
      if (hasBias) s += bias[c];
      y[(long)p * OC + c] = act1(act, s, alpha);
    }
  }
}

// y[m0:m1, :OC] = act(conv of xp [N, Hp, Wp, 1] (padded to the windows' extent) with w [KH*KW, OCp] + bias).
// Stride 1 and dilation 1 only: a row's 8-pixel loads then stay inside its padded row.
EXPORT("conv_fwd_c1")
void conv_fwd_c1(const float *xp, int Hp, int Wp, int KH, int KW, int OH, int OW, int m0, int m1, const float *w,
                 int OCp, const float *bias, int hasBias, int act, int alphaBits, float *y, int OC) {
  union { int i; float f; } al = {alphaBits};
  const float alpha = al.f;
  const int ohw = OH * OW;
  int m = m0;
  while (m < m1) {
    const int n = m / ohw, rem = m - n * ohw, oh = rem / OW, ow = rem - oh * OW;
    const int count = OW - ow < m1 - m ? OW - ow : m1 - m;
    const float *xr = xp + ((long)n * Hp + oh) * Wp + ow;
    float *ym = y + (long)m * OC;
    for (int c0 = 0; c0 < OC; c0 += 8) {
      const int g = OC - c0 < 8 ? OC - c0 : 8;
      // 8 wide where g > 4: OCp (OC rounded up to 4, zero columns) then reaches c0 + 8
      c1_group(g > 4 ? 8 : 4, xr, Wp, KH, KW, w + c0, OCp, bias + c0, hasBias, act, alpha, ym + c0, OC, g, count);
    }
    m += count;
  }
}

// dw[K, OCp] (+)= sum over rows m in [m0, m1) of A(m, k) * dy[m, :], with A(m, k) read from xp as conv_fwd_direct
// does (no im2col matrix). dy is [M, OC]; OCp = OC rounded up to a multiple of 4: the tiles read dy rows OCp wide, so
// dw's columns OC..OCp-1 get sums of the next row's first floats (garbage the caller drops), and up to 3 floats
// past dy's last row are read (the caller keeps heap memory there). Rows go in chunks that keep their
// dy in L2; within a chunk, tiles of 4 filter rows k x 8 (then 4) columns walk the chunk's output rows, whose xp
// pixels are SW*C floats apart within one (n, oh). acc = 0 overwrites dw with the first chunk.
static inline void dw_tile(const float *xp, int Hp, int Wp, int C, int SH, int SW, int OH, int OW, int m0, int m1,
                           const float *dy, int ldg, long o0, long o1, long o2, long o3, int nk, int j, int wide,
                           float *d0, float *d1, float *d2, float *d3, int acc) {
  v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  const long sp = (long)SW * C;
  const int ohw = OH * OW;
  int n = m0 / ohw, rem = m0 - n * ohw;
  int oh = rem / OW, ow = rem - oh * OW;
  for (int m = m0; m < m1;) {
    const int len = OW - ow < m1 - m ? OW - ow : m1 - m;
    const float *px = xp + (((long)n * Hp + (long)oh * SH) * Wp + (long)ow * SW) * C;
    const float *a0 = px + o0, *a1 = px + o1, *a2 = px + o2, *a3 = px + o3;
    const float *g = dy + (long)m * ldg + j;
    if (wide) {
      if (nk == 4) {
        for (int r = 0; r < len; r++) {
          const long q = r * sp;
          const v128_t b0 = wasm_v128_load(g), b1 = wasm_v128_load(g + 4);
          const v128_t x0 = wasm_f32x4_splat(a0[q]), x1 = wasm_f32x4_splat(a1[q]);
          const v128_t x2 = wasm_f32x4_splat(a2[q]), x3 = wasm_f32x4_splat(a3[q]);
          c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(x0, b0)); c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(x0, b1));
          c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(x1, b0)); c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(x1, b1));
          c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(x2, b0)); c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(x2, b1));
          c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(x3, b0)); c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(x3, b1));
          g += ldg;
        }
      } else {
        for (int r = 0; r < len; r++) {
          const v128_t b0 = wasm_v128_load(g), b1 = wasm_v128_load(g + 4);
          const v128_t x0 = wasm_f32x4_splat(a0[r * sp]);
          c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(x0, b0)); c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(x0, b1));
          g += ldg;
        }
      }
    } else {
      if (nk == 4) {
        for (int r = 0; r < len; r++) {
          const long q = r * sp;
          const v128_t b0 = wasm_v128_load(g);
          c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(wasm_f32x4_splat(a0[q]), b0));
          c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(wasm_f32x4_splat(a1[q]), b0));
          c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(wasm_f32x4_splat(a2[q]), b0));
          c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(wasm_f32x4_splat(a3[q]), b0));
          g += ldg;
        }
      } else {
        for (int r = 0; r < len; r++) {
          c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(wasm_f32x4_splat(a0[r * sp]), wasm_v128_load(g)));
          g += ldg;
        }
      }
    }
    m += len;
    ow = 0;
    if (++oh == OH) { oh = 0; n++; }
  }
  STORE(d0 + j, c00);
  if (wide) STORE(d0 + j + 4, c01);
  if (nk == 4) {
    STORE(d1 + j, c10); STORE(d2 + j, c20); STORE(d3 + j, c30);
    if (wide) { STORE(d1 + j + 4, c11); STORE(d2 + j + 4, c21); STORE(d3 + j + 4, c31); }
  }
}

EXPORT("conv_dw_direct")
void conv_dw_direct(const float *xp, int Hp, int Wp, int C, int KH, int KW, int SH, int SW, int DH, int OH, int OW,
                    int m0, int m1, const float *dy, int OC, int OCp, float *dw, int acc) {
  const int KWC = KW * C, K = KH * KWC;
  const long rs = (long)DH * Wp * C;
  int chunk = 16384 / OCp;
  if (chunk < 64) chunk = 64;
  for (int m = m0; m < m1; m += chunk) {
    const int e = m1 - m < chunk ? m1 - m : chunk;
    const int a = acc || m > m0;
    for (int k = 0; k < K; k += 4) {
      const int nk = K - k < 4 ? 1 : 4;
      if (nk == 1) {
        // the last K % 4 filter rows, one at a time
        for (int kk = k; kk < K; kk++) {
          const long o = (long)(kk / KWC) * rs + kk % KWC;
          float *d = dw + (long)kk * OCp;
          int j = 0;
          for (; j + 8 <= OCp; j += 8)
            dw_tile(xp, Hp, Wp, C, SH, SW, OH, OW, m, m + e, dy, OC, o, o, o, o, 1, j, 1, d, d, d, d, a);
          for (; j < OCp; j += 4)
            dw_tile(xp, Hp, Wp, C, SH, SW, OH, OW, m, m + e, dy, OC, o, o, o, o, 1, j, 0, d, d, d, d, a);
        }
        break;
      }
      const long o0 = (long)(k / KWC) * rs + k % KWC, o1 = (long)((k + 1) / KWC) * rs + (k + 1) % KWC;
      const long o2 = (long)((k + 2) / KWC) * rs + (k + 2) % KWC, o3 = (long)((k + 3) / KWC) * rs + (k + 3) % KWC;
      float *d0 = dw + (long)k * OCp;
      int j = 0;
      for (; j + 8 <= OCp; j += 8)
        dw_tile(xp, Hp, Wp, C, SH, SW, OH, OW, m, m + e, dy, OC, o0, o1, o2, o3, 4, j, 1, d0, d0 + OCp,
                d0 + 2 * OCp, d0 + 3 * OCp, a);
      for (; j < OCp; j += 4)
        dw_tile(xp, Hp, Wp, C, SH, SW, OH, OW, m, m + e, dy, OC, o0, o1, o2, o3, 4, j, 0, d0, d0 + OCp,
                d0 + 2 * OCp, d0 + 3 * OCp, a);
    }
  }
}

// dst[C, R] = src[R, C]^T, in 4x4 blocks (then the edges) so both sides move in cache lines.
EXPORT("transpose")
void transpose(const float *src, int R, int C, float *dst) {
  const int R4 = R & ~3, C4 = C & ~3;
  for (int r = 0; r < R4; r += 4) {
    for (int c = 0; c < C4; c += 4) {
      const float *s = src + (long)r * C + c;
      const v128_t a = wasm_v128_load(s), b = wasm_v128_load(s + C);
      const v128_t e = wasm_v128_load(s + 2 * C), f = wasm_v128_load(s + 3 * C);
      const v128_t ab0 = wasm_i32x4_shuffle(a, b, 0, 4, 1, 5), ab1 = wasm_i32x4_shuffle(a, b, 2, 6, 3, 7);
      const v128_t ef0 = wasm_i32x4_shuffle(e, f, 0, 4, 1, 5), ef1 = wasm_i32x4_shuffle(e, f, 2, 6, 3, 7);
      float *d = dst + (long)c * R + r;
      wasm_v128_store(d, wasm_i32x4_shuffle(ab0, ef0, 0, 1, 4, 5));
      wasm_v128_store(d + R, wasm_i32x4_shuffle(ab0, ef0, 2, 3, 6, 7));
      wasm_v128_store(d + 2 * R, wasm_i32x4_shuffle(ab1, ef1, 0, 1, 4, 5));
      wasm_v128_store(d + 3 * R, wasm_i32x4_shuffle(ab1, ef1, 2, 3, 6, 7));
    }
    for (int c = C4; c < C; c++)
      for (int q = 0; q < 4; q++) dst[(long)c * R + r + q] = src[(long)(r + q) * C + c];
  }
  for (int r = R4; r < R; r++)
    for (int c = 0; c < C; c++) dst[(long)c * R + r] = src[(long)r * C + c];
}

// bias_act with alpha passed as its float bits, so a thread job's arguments are all i32.
EXPORT("bias_act_bits")
void bias_act_bits(float *y, int M, int N, const float *bias, int hasBias, int act, int alphaBits) {
  bias_act(y, M, N, bias, hasBias, act, __builtin_bit_cast(float, alphaBits));
}

// dst[i] = sum of n vectors src + j*stride, i in [0, len) (reduces the threads' partial filter gradients).
EXPORT("sum_rows")
void sum_rows(float *dst, const float *src, int n, long stride, int len) {
  copy_f32(dst, src, len);
  for (int j = 1; j < n; j++) add_f32(dst, src + (long)j * stride, len);
}

// ---- Elementwise, reductions, batch norm (memory-bound). Every function works on a range (elements, rows or
// blocks) so the TypeScript side (ewcore.ts) can cut a kernel into pieces for the threads. Results match the plain-JS
// kernels in ../elementwise.ts and ../grads.ts to float rounding (these round in float32 where the JS rounds a
// double once; sums accumulate in double in both).
#define OP_ADD 0
#define OP_SUB 1
#define OP_MUL 2
#define OP_DIV 3
#define OP_SQDIFF 4

static inline __attribute__((always_inline)) v128_t vop(const int op, v128_t x, v128_t y) {
  switch (op) {
  case OP_ADD: return wasm_f32x4_add(x, y);
  case OP_SUB: return wasm_f32x4_sub(x, y);
  case OP_MUL: return wasm_f32x4_mul(x, y);
  case OP_DIV: return wasm_f32x4_div(x, y);
  default: { v128_t d = wasm_f32x4_sub(x, y); return wasm_f32x4_mul(d, d); }
  }
}
static inline __attribute__((always_inline)) float sop(const int op, float x, float y) {
  switch (op) {
  case OP_ADD: return x + y;
  case OP_SUB: return x - y;
  case OP_MUL: return x * y;
  case OP_DIV: return x / y;
  default: { float d = x - y; return d * d; }
  }
}

// o[i] = a[i] op b[i], i in [0, n)
static inline __attribute__((always_inline)) void ff(const int op, const float *a, const float *b, float *o, int n) {
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    v128_t r0 = vop(op, wasm_v128_load(a + i), wasm_v128_load(b + i));
    v128_t r1 = vop(op, wasm_v128_load(a + i + 4), wasm_v128_load(b + i + 4));
    wasm_v128_store(o + i, r0);
    wasm_v128_store(o + i + 4, r1);
  }
  for (; i < n; i++) o[i] = sop(op, a[i], b[i]);
}
EXPORT("ew_ff")
void ew_ff(int op, const float *a, const float *b, float *o, int n) {
  switch (op) {
  case OP_ADD: ff(OP_ADD, a, b, o, n); break;
  case OP_SUB: ff(OP_SUB, a, b, o, n); break;
  case OP_MUL: ff(OP_MUL, a, b, o, n); break;
  case OP_DIV: ff(OP_DIV, a, b, o, n); break;
  default: ff(OP_SQDIFF, a, b, o, n); break;
  }
}

// a full [rows, S], b repeats every S elements ([S]; S = 1: a scalar): o = a op b, or b op a when swap.
static inline __attribute__((always_inline)) void fr(const int op, const int swap, const float *a, const float *b,
                                                     float *o, int rows, int S) {
  if (S == 1) {
    const float y = b[0];
    const v128_t vy = wasm_f32x4_splat(y);
    const long n = (long)rows;
    long i = 0;
    for (; i + 4 <= n; i += 4) {
      v128_t x = wasm_v128_load(a + i);
      wasm_v128_store(o + i, swap ? vop(op, vy, x) : vop(op, x, vy));
    }
    for (; i < n; i++) o[i] = swap ? sop(op, y, a[i]) : sop(op, a[i], y);
    return;
  }
  for (int r = 0; r < rows; r++) {
    const float *ar = a + (long)r * S;
    float *orow = o + (long)r * S;
    int j = 0;
    for (; j + 4 <= S; j += 4) {
      v128_t x = wasm_v128_load(ar + j), y = wasm_v128_load(b + j);
      wasm_v128_store(orow + j, swap ? vop(op, y, x) : vop(op, x, y));
    }
    for (; j < S; j++) orow[j] = swap ? sop(op, b[j], ar[j]) : sop(op, ar[j], b[j]);
  }
}
EXPORT("ew_fr")
void ew_fr(int op, const float *a, const float *b, float *o, int rows, int S, int swap) {
#define FR_CASE(OP)                                                                                                    \
  case OP:                                                                                                             \
    if (swap) fr(OP, 1, a, b, o, rows, S);                                                                             \
    else fr(OP, 0, a, b, o, rows, S);                                                                                  \
    break;
  switch (op) {
    FR_CASE(OP_ADD)
    FR_CASE(OP_SUB)
    FR_CASE(OP_MUL)
    FR_CASE(OP_DIV)
    FR_CASE(OP_SQDIFF)
  }
#undef FR_CASE
}

// a full [blocks, S], b one value per block ([blocks]): o = a op b, or b op a when swap.
static inline __attribute__((always_inline)) void fl(const int op, const int swap, const float *a, const float *b,
                                                     float *o, int blocks, int S) {
  for (int q = 0; q < blocks; q++) {
    const float *aq = a + (long)q * S;
    float *oq = o + (long)q * S;
    const float y = b[q];
    const v128_t vy = wasm_f32x4_splat(y);
    int j = 0;
    for (; j + 4 <= S; j += 4) {
      v128_t x = wasm_v128_load(aq + j);
      wasm_v128_store(oq + j, swap ? vop(op, vy, x) : vop(op, x, vy));
    }
    for (; j < S; j++) oq[j] = swap ? sop(op, y, aq[j]) : sop(op, aq[j], y);
  }
}
EXPORT("ew_fl")
void ew_fl(int op, const float *a, const float *b, float *o, int blocks, int S, int swap) {
#define FL_CASE(OP)                                                                                                    \
  case OP:                                                                                                             \
    if (swap) fl(OP, 1, a, b, o, blocks, S);                                                                           \
    else fl(OP, 0, a, b, o, blocks, S);                                                                                \
    break;
  switch (op) {
    FL_CASE(OP_ADD)
    FL_CASE(OP_SUB)
    FL_CASE(OP_MUL)
    FL_CASE(OP_DIV)
    FL_CASE(OP_SQDIFF)
  }
#undef FL_CASE
}

// Unary kernels: 0 relu (max(x, 0) on the bits, NaN kept, as elementwise.ts relu), 1 square.
EXPORT("ew_unary")
void ew_unary(int fn, const float *x, float *o, int n) {
  int i = 0;
  if (fn == 0) {
    const int *xi = (const int *)x;
    int *oi = (int *)o;
    const v128_t absMask = wasm_i32x4_splat(0x7fffffff), inf = wasm_i32x4_splat(0x7f800000);
    for (; i + 4 <= n; i += 4) {
      v128_t v = wasm_v128_load(xi + i);
      v128_t isNan = wasm_i32x4_gt(wasm_v128_and(v, absMask), inf);
      wasm_v128_store(oi + i, wasm_v128_bitselect(v, wasm_v128_andnot(v, wasm_i32x4_shr(v, 31)), isNan));
    }
    for (; i < n; i++) { const int v = xi[i]; oi[i] = (v & 0x7fffffff) > 0x7f800000 ? v : v & ~(v >> 31); }
  } else {
    for (; i + 4 <= n; i += 4) { v128_t v = wasm_v128_load(x + i); wasm_v128_store(o + i, wasm_f32x4_mul(v, v)); }
    for (; i < n; i++) o[i] = x[i] * x[i];
  }
}

// Gradients of unary kernels: 0 relu (dy where x > 0, 0 elsewhere, NaN where x is NaN; on the bits as grads.ts),
// 1 square (dy * 2x).
EXPORT("ew_unary_grad")
void ew_unary_grad(int fn, const float *x, const float *dy, float *o, int n) {
  int i = 0;
  if (fn == 0) {
    const int *xi = (const int *)x, *di = (const int *)dy;
    int *oi = (int *)o;
    const v128_t absMask = wasm_i32x4_splat(0x7fffffff), inf = wasm_i32x4_splat(0x7f800000),
                 qnan = wasm_i32x4_splat(0x7fc00000), zero = wasm_i32x4_splat(0);
    for (; i + 4 <= n; i += 4) {
      v128_t v = wasm_v128_load(xi + i), g = wasm_v128_load(di + i);
      v128_t isNan = wasm_i32x4_gt(wasm_v128_and(v, absMask), inf);
      v128_t r = wasm_v128_and(g, wasm_i32x4_gt(v, zero));
      wasm_v128_store(oi + i, wasm_v128_bitselect(qnan, r, isNan));
    }
    for (; i < n; i++) {
      const int v = xi[i];
      oi[i] = (v & 0x7fffffff) > 0x7f800000 ? 0x7fc00000 : di[i] & -(v > 0);
    }
  } else {
    const v128_t two = wasm_f32x4_splat(2.0f);
    for (; i + 4 <= n; i += 4)
      wasm_v128_store(o + i, wasm_f32x4_mul(wasm_v128_load(dy + i), wasm_f32x4_mul(wasm_v128_load(x + i), two)));
    for (; i < n; i++) o[i] = dy[i] * (x[i] * 2.0f);
  }
}

// Batch norm forward over rows of C channels: o = off + (x - m) * k (k = scale / sqrt(var + eps), per channel).
EXPORT("bn_fwd")
void bn_fwd(const float *x, float *o, int rows, int C, const float *m, const float *k, const float *off) {
  if ((C & 3) == 0) {
    for (int r = 0; r < rows; r++) {
      const float *xr = x + (long)r * C;
      float *orow = o + (long)r * C;
      for (int c = 0; c < C; c += 4) {
        v128_t d = wasm_f32x4_sub(wasm_v128_load(xr + c), wasm_v128_load(m + c));
        wasm_v128_store(orow + c, wasm_f32x4_add(wasm_v128_load(off + c), wasm_f32x4_mul(d, wasm_v128_load(k + c))));
      }
    }
  } else {
    for (int r = 0; r < rows; r++)
      for (int c = 0; c < C; c++) o[(long)r * C + c] = off[c] + (x[(long)r * C + c] - m[c]) * k[c];
  }
}

// Batch norm gradient over rows of C channels: dx = dy * k, and per channel sums[c] += dy, sums[C + c] += dy * (x - m)
// in double (the caller zeroes sums; threads each add into their own copy).
EXPORT("bn_grad")
void bn_grad(const float *x, const float *dy, float *dx, int rows, int C, const float *m, const float *k,
             double *sums) {
  // four channels at a time over blocks of rows that stay in L1, the sums in registers
  const int rb = C >= 2048 ? 1 : 2048 / C;
  for (int r0 = 0; r0 < rows; r0 += rb) {
    const int r1 = r0 + rb < rows ? r0 + rb : rows;
    int c = 0;
    for (; c + 4 <= C; c += 4) {
      v128_t s0 = wasm_v128_load(sums + c), s1 = wasm_v128_load(sums + c + 2);
      v128_t t0 = wasm_v128_load(sums + C + c), t1 = wasm_v128_load(sums + C + c + 2);
      const v128_t mc = wasm_v128_load(m + c), kc = wasm_v128_load(k + c);
      const v128_t ml = wasm_f64x2_promote_low_f32x4(mc),
                   mh = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(mc, mc, 2, 3, 0, 1));
      for (int r = r0; r < r1; r++) {
        const long p = (long)r * C + c;
        const v128_t g = wasm_v128_load(dy + p), xv = wasm_v128_load(x + p);
        wasm_v128_store(dx + p, wasm_f32x4_mul(g, kc));
        const v128_t gl = wasm_f64x2_promote_low_f32x4(g), gh = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(g, g, 2, 3, 0, 1));
        const v128_t xl = wasm_f64x2_promote_low_f32x4(xv),
                     xh = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(xv, xv, 2, 3, 0, 1));
        s0 = wasm_f64x2_add(s0, gl);
        s1 = wasm_f64x2_add(s1, gh);
        t0 = wasm_f64x2_add(t0, wasm_f64x2_mul(gl, wasm_f64x2_sub(xl, ml)));
        t1 = wasm_f64x2_add(t1, wasm_f64x2_mul(gh, wasm_f64x2_sub(xh, mh)));
      }
      wasm_v128_store(sums + c, s0);
      wasm_v128_store(sums + c + 2, s1);
      wasm_v128_store(sums + C + c, t0);
      wasm_v128_store(sums + C + c + 2, t1);
    }
    for (; c < C; c++) {
      double a = sums[c], b = sums[C + c];
      const double mc = m[c];
      const float kc = k[c];
      for (int r = r0; r < r1; r++) {
        const long p = (long)r * C + c;
        const float g = dy[p];
        a += g;
        b += (double)g * ((double)x[p] - mc);
        dx[p] = g * kc;
      }
      sums[c] = a;
      sums[C + c] = b;
    }
  }
}

// Sum over the middle axis of x viewed as [blocks, red, inner], accumulated in double into acc[blocks, inner]
// (the caller zeroes acc; threads that split `red` each add into their own copy).
EXPORT("reduce_sum")
void reduce_sum(const float *x, int blocks, int red, int inner, double *acc) {
  for (int o = 0; o < blocks; o++) {
    const float *xb = x + (long)o * red * inner;
    double *ab = acc + (long)o * inner;
    if (inner == 1) {
      v128_t s0 = wasm_f64x2_splat(0), s1 = wasm_f64x2_splat(0);
      int r = 0;
      for (; r + 4 <= red; r += 4) {
        v128_t v = wasm_v128_load(xb + r);
        s0 = wasm_f64x2_add(s0, wasm_f64x2_promote_low_f32x4(v));
        s1 = wasm_f64x2_add(s1, wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1)));
      }
      double s = ab[0] + (wasm_f64x2_extract_lane(s0, 0) + wasm_f64x2_extract_lane(s0, 1)) +
                 (wasm_f64x2_extract_lane(s1, 0) + wasm_f64x2_extract_lane(s1, 1));
      for (; r < red; r++) s += xb[r];
      ab[0] = s;
      continue;
    }
    const int rb = inner >= 4096 ? 1 : 4096 / inner;
    for (int r0 = 0; r0 < red; r0 += rb) {
      const int r1 = r0 + rb < red ? r0 + rb : red;
      int j = 0;
      for (; j + 4 <= inner; j += 4) {
        v128_t s0 = wasm_v128_load(ab + j), s1 = wasm_v128_load(ab + j + 2);
        for (int r = r0; r < r1; r++) {
          const v128_t v = wasm_v128_load(xb + (long)r * inner + j);
          s0 = wasm_f64x2_add(s0, wasm_f64x2_promote_low_f32x4(v));
          s1 = wasm_f64x2_add(s1, wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1)));
        }
        wasm_v128_store(ab + j, s0);
        wasm_v128_store(ab + j + 2, s1);
      }
      for (; j < inner; j++) {
        double s = ab[j];
        for (int r = r0; r < r1; r++) s += xb[(long)r * inner + j];
        ab[j] = s;
      }
    }
  }
}

// Average pooling, NHWC, channels vectorised: the mean of each window's in-bounds taps (as tfjs does). Like
// maxpool_fwd, each window's taps are walked once for up to 8 channels (for C = 5..7 the second vector overlaps the
// first and rewrites the same means: every lane sums its taps in the same row-major order) and 2x2 windows are
// unrolled.
static inline __attribute__((always_inline)) v128_t avg_div(v128_t s, int count, v128_t inv) {
  // count 0 (a window wholly in the padding): NaN, as 0 / 0 in tfjs
  return count ? wasm_f32x4_div(s, wasm_f32x4_splat((float)count)) : wasm_f32x4_mul(s, inv);
}

EXPORT("avgpool_fwd")
void avgpool_fwd(const float *x, int N, int H, int W, int C, int FH, int FW, int SH, int SW, int padT, int padL,
                 int OH, int OW, float *y) {
  float *o = y;
  const long rs = (long)W * C;
  const v128_t vzero = wasm_f32x4_splat(0.0f);
  for (int n = 0; n < N; n++) {
    const float *xb = x + (long)n * H * W * C;
    for (int oh = 0; oh < OH; oh++) {
      const int h0 = oh * SH - padT;
      const int hs = h0 < 0 ? 0 : h0, he = h0 + FH > H ? H : h0 + FH;
      for (int ow = 0; ow < OW; ow++) {
        const int w0 = ow * SW - padL;
        const int ws = w0 < 0 ? 0 : w0, we = w0 + FW > W ? W : w0 + FW;
        const int nh = he > hs ? he - hs : 0, nw = we > ws ? we - ws : 0;
        const int count = nh * nw;
        const float inv = 1.0f / (float)count;
        const v128_t vinv = wasm_f32x4_splat(inv);
        const float *p0 = xb + ((long)hs * W + ws) * C;
        int c = 0;
        if (C >= 4) {
          while (c < C) {
            const int r = C - c;
            // two vectors (c and c1) or one (c1: the last 4 channels, overlapping the ones before when r < 4)
            const int two = r > 4;
            const int c1 = r >= 8 ? c + 4 : C - 4;
            v128_t s0 = vzero, s1 = vzero;
            const float *pr = p0;
            if (nh == 2 && nw == 2) {
              if (two) {
                s0 = wasm_f32x4_add(s0, wasm_v128_load(pr + c));
                s0 = wasm_f32x4_add(s0, wasm_v128_load(pr + C + c));
                s0 = wasm_f32x4_add(s0, wasm_v128_load(pr + rs + c));
                s0 = wasm_f32x4_add(s0, wasm_v128_load(pr + rs + C + c));
              }
              s1 = wasm_f32x4_add(s1, wasm_v128_load(pr + c1));
              s1 = wasm_f32x4_add(s1, wasm_v128_load(pr + C + c1));
              s1 = wasm_f32x4_add(s1, wasm_v128_load(pr + rs + c1));
              s1 = wasm_f32x4_add(s1, wasm_v128_load(pr + rs + C + c1));
            } else
              for (int i = 0; i < nh; i++, pr += rs) {
                const float *q = pr;
                for (int j = 0; j < nw; j++, q += C) {
                  if (two) s0 = wasm_f32x4_add(s0, wasm_v128_load(q + c));
                  s1 = wasm_f32x4_add(s1, wasm_v128_load(q + c1));
                }
              }
            if (two) wasm_v128_store(o + c, avg_div(s0, count, vinv));
            wasm_v128_store(o + c1, avg_div(s1, count, vinv));
            c = r >= 8 ? c + 8 : C;
          }
        } else {
          for (; c < C; c++) {
            float s = 0;
            const float *pr = p0 + c;
            for (int i = 0; i < nh; i++, pr += rs)
              for (int j = 0; j < nw; j++) s += pr[(long)j * C];
            o[c] = count ? s / (float)count : s * inv;
          }
        }
        o += C;
      }
    }
  }
}

// dx = sum over the windows covering each input of dy, times mul (1 / window size: tfjs's AvgPoolGrad divides by the
// full window whatever the padding). Each image's dx is zeroed here first (the caller need not). `tiles` (each input
// in exactly one window, see maxpool_bwd): every tap of a window is stored dy * mul directly (the same values as
// (0 + dy) * mul; only a -0 in dy stays -0), no zeroing and no scaling pass.
EXPORT("avgpool_bwd")
void avgpool_bwd(const float *dy, int N, int H, int W, int C, int FH, int FW, int SH, int SW, int padT, int padL,
                 int OH, int OW, float *dx, int mulBits, int tiles) {
  const float mul = __builtin_bit_cast(float, mulBits);
  const v128_t vm = wasm_f32x4_splat(mul);
  const long rs = (long)W * C;
  const float *g = dy;
  for (int n = 0; n < N; n++) {
    float *db = dx + (long)n * H * W * C;
    if (tiles) {
      for (int oh = 0; oh < OH; oh++) {
        const int h0 = oh * SH - padT;
        const int hs = h0 < 0 ? 0 : h0, he = h0 + FH > H ? H : h0 + FH;
        for (int ow = 0; ow < OW; ow++, g += C) {
          const int w0 = ow * SW - padL;
          const int ws = w0 < 0 ? 0 : w0, we = w0 + FW > W ? W : w0 + FW;
          float *dr = db + ((long)hs * W + ws) * C;
          for (int ih = hs; ih < he; ih++, dr += rs) {
            float *q = dr;
            for (int iw = ws; iw < we; iw++, q += C) {
              int c = 0;
              for (; c + 4 <= C; c += 4) wasm_v128_store(q + c, wasm_f32x4_mul(wasm_v128_load(g + c), vm));
              if (c < C && C >= 4) // the last 4 channels, overlapping: the same products again
                wasm_v128_store(q + C - 4, wasm_f32x4_mul(wasm_v128_load(g + C - 4), vm));
              else
                for (; c < C; c++) q[c] = g[c] * mul;
            }
          }
        }
      }
      continue;
    }
    zero_f32(db, H * W * C);
    for (int oh = 0; oh < OH; oh++) {
      const int h0 = oh * SH - padT;
      const int hs = h0 < 0 ? 0 : h0, he = h0 + FH > H ? H : h0 + FH;
      for (int ow = 0; ow < OW; ow++) {
        const int w0 = ow * SW - padL;
        const int ws = w0 < 0 ? 0 : w0, we = w0 + FW > W ? W : w0 + FW;
        for (int ih = hs; ih < he; ih++)
          for (int iw = ws; iw < we; iw++) add_f32(db + ((long)ih * W + iw) * C, g, C);
        g += C;
      }
    }
    const long len = (long)H * W * C;
    long i = 0;
    for (; i + 4 <= len; i += 4) wasm_v128_store(db + i, wasm_f32x4_mul(wasm_v128_load(db + i), vm));
    for (; i < len; i++) db[i] *= mul;
  }
}

// ---- Optimizer updates (optimizer.ts): one pass over a variable's elements [0, n) computes its new value and
// state, rounding every operation to float32 in the order tfjs's ops do (wasm's f32 +, -, *, / and sqrt are
// correctly rounded, as Math.fround of the double results is), so the numbers are stock tf.train.*'s bit for bit.
// kind 0 sgd (a: c = -lr); 1 momentum (a: c, m, nesterov); 2 adam (a: b1, b2, 1-b1, 1-b2, 1-b1^t, 1-b2^t, eps,
// -lr); 3 rmsprop, not centered (a: decay, 1-decay, momentum, lr, eps). s1/s2 and o1/o2: the state slots (momentum:
// acc; adam: m, v; rmsprop: ms, mom) and their new values. The floats arrive as their bits (thread jobs pass i32).
#define OPT_F(i) __builtin_bit_cast(float, a[i])
static void opt_range(int kind, const float *p, const float *g, const float *s1, const float *s2, float *op,
                      float *o1, float *o2, int n, const int *a) {
  int k = 0;
  switch (kind) {
  case 0: {
    const float c = OPT_F(0);
    const v128_t vc = wasm_f32x4_splat(c);
    for (; k + 4 <= n; k += 4)
      wasm_v128_store(op + k, wasm_f32x4_add(wasm_f32x4_mul(vc, wasm_v128_load(g + k)), wasm_v128_load(p + k)));
    for (; k < n; k++) op[k] = c * g[k] + p[k];
    break;
  }
  case 1: {
    const float c = OPT_F(0), m = OPT_F(1);
    const int nesterov = a[2];
    const v128_t vc = wasm_f32x4_splat(c), vm = wasm_f32x4_splat(m);
    for (; k + 4 <= n; k += 4) {
      const v128_t gk = wasm_v128_load(g + k);
      const v128_t acc = wasm_f32x4_add(wasm_f32x4_mul(vm, wasm_v128_load(s1 + k)), gk);
      wasm_v128_store(o1 + k, acc);
      const v128_t step = nesterov ? wasm_f32x4_add(gk, wasm_f32x4_mul(acc, vm)) : acc;
      wasm_v128_store(op + k, wasm_f32x4_add(wasm_f32x4_mul(vc, step), wasm_v128_load(p + k)));
    }
    for (; k < n; k++) {
      const float acc = m * s1[k] + g[k];
      o1[k] = acc;
      op[k] = c * (nesterov ? g[k] + acc * m : acc) + p[k];
    }
    break;
  }
  case 2: {
    const float b1 = OPT_F(0), b2 = OPT_F(1), omb1 = OPT_F(2), omb2 = OPT_F(3), oma1 = OPT_F(4), oma2 = OPT_F(5),
                eps = OPT_F(6), nlr = OPT_F(7);
    const v128_t vb1 = wasm_f32x4_splat(b1), vb2 = wasm_f32x4_splat(b2), vomb1 = wasm_f32x4_splat(omb1),
                 vomb2 = wasm_f32x4_splat(omb2), voma1 = wasm_f32x4_splat(oma1), voma2 = wasm_f32x4_splat(oma2),
                 veps = wasm_f32x4_splat(eps), vnlr = wasm_f32x4_splat(nlr);
    for (; k + 4 <= n; k += 4) {
      const v128_t gk = wasm_v128_load(g + k);
      const v128_t mk = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(s1 + k), vb1), wasm_f32x4_mul(gk, vomb1));
      const v128_t vk =
          wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(s2 + k), vb2), wasm_f32x4_mul(wasm_f32x4_mul(gk, gk), vomb2));
      wasm_v128_store(o1 + k, mk);
      wasm_v128_store(o2 + k, vk);
      const v128_t mh = wasm_f32x4_div(mk, voma1), vh = wasm_f32x4_div(vk, voma2);
      const v128_t q = wasm_f32x4_div(mh, wasm_f32x4_add(wasm_f32x4_sqrt(vh), veps));
      wasm_v128_store(op + k, wasm_f32x4_add(wasm_f32x4_mul(q, vnlr), wasm_v128_load(p + k)));
    }
    for (; k < n; k++) {
      const float gk = g[k];
      const float mk = s1[k] * b1 + gk * omb1, vk = s2[k] * b2 + (gk * gk) * omb2;
      o1[k] = mk;
      o2[k] = vk;
      const float mh = mk / oma1, vh = vk / oma2;
      op[k] = (mh / (__builtin_sqrtf(vh) + eps)) * nlr + p[k];
    }
    break;
  }
  case 3: {
    const float d = OPT_F(0), omd = OPT_F(1), mu = OPT_F(2), lr = OPT_F(3), eps = OPT_F(4);
    const v128_t vd = wasm_f32x4_splat(d), vomd = wasm_f32x4_splat(omd), vmu = wasm_f32x4_splat(mu),
                 vlr = wasm_f32x4_splat(lr), veps = wasm_f32x4_splat(eps);
    for (; k + 4 <= n; k += 4) {
      const v128_t gk = wasm_v128_load(g + k);
      const v128_t s =
          wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(s1 + k), vd), wasm_f32x4_mul(wasm_f32x4_mul(gk, gk), vomd));
      const v128_t r = wasm_f32x4_div(wasm_f32x4_mul(gk, vlr), wasm_f32x4_sqrt(wasm_f32x4_add(s, veps)));
      const v128_t m = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(s2 + k), vmu), r);
      wasm_v128_store(o1 + k, s);
      wasm_v128_store(o2 + k, m);
      wasm_v128_store(op + k, wasm_f32x4_sub(wasm_v128_load(p + k), m));
    }
    for (; k < n; k++) {
      const float gk = g[k];
      const float s = s1[k] * d + (gk * gk) * omd;
      const float m = s2[k] * mu + (gk * lr) / __builtin_sqrtf(s + eps);
      o1[k] = s;
      o2[k] = m;
      op[k] = p[k] - m;
    }
    break;
  }
  }
}

EXPORT("opt_update")
void opt_update(int kind, const float *p, const float *g, const float *s1, const float *s2, float *op, float *o1,
                float *o2, int n, int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7) {
  const int a[8] = {a0, a1, a2, a3, a4, a5, a6, a7};
  opt_range(kind, p, g, s1, s2, op, o1, o2, n, a);
}
#undef OPT_F
