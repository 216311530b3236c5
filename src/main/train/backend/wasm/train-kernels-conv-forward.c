/* Forward convolution (Conv2D, FusedConv2D, and the input gradient of stride-1 convolutions). See
 * train-kernels-common.h for the rules of this module. */
#include "train-kernels-common.h"

/* Forward convolution (Conv2D, FusedConv2D, and the input gradient of a stride-1 convolution with the flipped
 * filter): out[n, y, x, o] = act(bias[o] + sum over taps and c of x[n, y*sh + i*dh - pt, x*sw + j*dw - pl, c] *
 * w[i, j, c, o]), act = g[G_M]: 0 none, 1 relu, 2 relu6. The filter is first packed by pack_filter into blocks
 * of 8 output channels, [O/8][kh*kw*C][8] zero-padded, so the inner loop reads it contiguously. */
static inline v128_t activate(v128_t v, int act) {
  if (act == 0) return v;
  v = wasm_f32x4_pmax(v, wasm_f32x4_splat(0.f));
  return act == 2 ? wasm_f32x4_pmin(v, wasm_f32x4_splat(6.f)) : v;
}

/* Stores the first `count` (<= 8) channels of a, b (with the activation applied). */
static inline void store8(float *out, v128_t a, v128_t b, int count, int act) {
  a = activate(a, act);
  b = activate(b, act);
  if (count == 8) {
    wasm_v128_store(out, a);
    wasm_v128_store(out + 4, b);
    return;
  }
  float lanes[8];
  wasm_v128_store(lanes, a);
  wasm_v128_store(lanes + 4, b);
  for (int k = 0; k < count; k++) out[k] = lanes[k];
}

void EXPORT(pack_filter)(const float *w, float *packed, int rows, int O) {
  const int blocks = (O + 7) / 8;
  for (int ob = 0; ob < blocks; ob++)
    for (int r = 0; r < rows; r++)
      for (int k = 0; k < 8; k++) {
        const int o = ob * 8 + k;
        packed[((long)ob * rows + r) * 8 + k] = o < O ? w[(long)r * O + o] : 0.f;
      }
}

/* Four neighbouring output pixels whose taps are all inside the image, 8 output channels: a 4 x 8 register tile.
 * Inlined into copies where `pixel` (the input stride between the four) is a constant, which turns the four
 * pixels' loads into constant offsets from one pointer. */
static inline __attribute__((always_inline)) void fwd_tile(const float *xs, int pixel, int tap_row, int tap_col,
                                                           const float *wb, int C, int KH, int KW, const float *bias,
                                                           int count, int act, int O, float *out) {
  v128_t acc[4][2];
  for (int v = 0; v < 2; v++) {
    v128_t b = wasm_f32x4_splat(0.f);
    if (bias && count == 8) b = wasm_v128_load(bias + 4 * v);
    else if (bias) {
      float lanes[4];
      for (int k = 0; k < 4; k++) lanes[k] = 4 * v + k < count ? bias[4 * v + k] : 0.f;
      b = wasm_v128_load(lanes);
    }
    for (int r = 0; r < 4; r++) acc[r][v] = b;
  }
  for (int i = 0; i < KH; i++)
    for (int j = 0; j < KW; j++) {
      const float *xp = xs + i * tap_row + j * tap_col;
      const float *wp = wb + (i * KW + j) * C * 8;
      for (int c = 0; c < C; c++) {
        const v128_t b0 = wasm_v128_load(wp + 8 * c), b1 = wasm_v128_load(wp + 8 * c + 4);
        for (int r = 0; r < 4; r++) {
          const v128_t a = wasm_v128_load32_splat(xp + r * pixel + c);
          acc[r][0] = MADD(a, b0, acc[r][0]);
          acc[r][1] = MADD(a, b1, acc[r][1]);
        }
      }
    }
  for (int r = 0; r < 4; r++) store8(out + r * O, acc[r][0], acc[r][1], count, act);
}

#define FWD_TILE_FIXED(P)                                                                                       \
  static void fwd_tile_##P(const float *xs, int tap_row, int tap_col, const float *wb, int C, int KH, int KW,  \
                           const float *bias, int count, int act, int O, float *out) {                         \
    fwd_tile(xs, P, tap_row, tap_col, wb, C, KH, KW, bias, count, act, O, out);                                \
  }
FWD_TILE_FIXED(8)
FWD_TILE_FIXED(16)
FWD_TILE_FIXED(32)
FWD_TILE_FIXED(64)
FWD_TILE_FIXED(128)
static void fwd_tile_any(const float *xs, int pixel, int tap_row, int tap_col, const float *wb, int C, int KH, int KW,
                         const float *bias, int count, int act, int O, float *out) {
  fwd_tile(xs, pixel, tap_row, tap_col, wb, C, KH, KW, bias, count, act, O, out);
}

/* One output pixel, 8 output channels, taps outside the image skipped. */
static void fwd_pixel(const float *xn, int H, int W, int C, int KH, int KW, int yi0, int xi0, int DH, int DWI,
                      const float *wb, const float *bias, int count, int act, float *out) {
  v128_t a0 = wasm_f32x4_splat(0.f), a1 = a0;
  for (int i = 0; i < KH; i++) {
    const int yi = yi0 + i * DH;
    if (yi < 0 || yi >= H) continue;
    for (int j = 0; j < KW; j++) {
      const int xi = xi0 + j * DWI;
      if (xi < 0 || xi >= W) continue;
      const float *xp = xn + (yi * W + xi) * C;
      const float *wp = wb + (i * KW + j) * C * 8;
      for (int c = 0; c < C; c++) {
        const v128_t a = wasm_v128_load32_splat(xp + c);
        a0 = MADD(a, wasm_v128_load(wp + 8 * c), a0);
        a1 = MADD(a, wasm_v128_load(wp + 8 * c + 4), a1);
      }
    }
  }
  if (bias) {
    float lanes[8];
    for (int k = 0; k < 8; k++) lanes[k] = k < count ? bias[k] : 0.f;
    a0 = wasm_f32x4_add(a0, wasm_v128_load(lanes));
    a1 = wasm_f32x4_add(a1, wasm_v128_load(lanes + 4));
  }
  store8(out, a0, a1, count, act);
}

void EXPORT(conv2d_forward)(const int *g, const float *x, const float *packed, const float *bias, float *out, int n0,
                            int n1) {
  const int H = g[G_H], W = g[G_W], C = g[G_C], Ho = g[G_HO], Wo = g[G_WO], O = g[G_O];
  const int KH = g[G_KH], KW = g[G_KW], SH = g[G_SH], SW = g[G_SW], DH = g[G_DH], DWI = g[G_DW];
  const int PT = g[G_PT], PL = g[G_PL], act = g[G_M];
  /* Output columns [xa, xb) and rows [ya, yb) whose taps all fall inside the image. */
  const int xa = min_i(Wo, ceil_div(PL, SW)), xb = max_i(xa, min_i(Wo, floor_div(W - 1 + PL - (KW - 1) * DWI, SW) + 1));
  const int ya = min_i(Ho, ceil_div(PT, SH)), yb = max_i(ya, min_i(Ho, floor_div(H - 1 + PT - (KH - 1) * DH, SH) + 1));
  const int blocks = (O + 7) / 8, block_size = KH * KW * C * 8, pixel = SW * C;
  for (int n = n0; n < n1; n++) {
    const float *xn = x + (long)n * H * W * C;
    for (int y = 0; y < Ho; y++) {
      float *row = out + ((long)(n * Ho + y) * Wo) * O;
      const int yi0 = y * SH - PT;
      for (int ob = 0; ob < blocks; ob++) {
        const float *wb = packed + (long)ob * block_size;
        const float *bb = bias ? bias + ob * 8 : 0;
        const int count = min_i(8, O - ob * 8);
        float *ro = row + ob * 8;
        int x0 = 0;
        if (y >= ya && y < yb) {
          for (; x0 < xa; x0++) fwd_pixel(xn, H, W, C, KH, KW, yi0, x0 * SW - PL, DH, DWI, wb, bb, count, act, ro + x0 * O);
          for (; x0 + 4 <= xb; x0 += 4) {
            const float *xs = xn + (yi0 * W + x0 * SW - PL) * C;
            const int tap_row = DH * W * C, tap_col = DWI * C;
            float *op = ro + x0 * O;
            switch (pixel) {
              case 8: fwd_tile_8(xs, tap_row, tap_col, wb, C, KH, KW, bb, count, act, O, op); break;
              case 16: fwd_tile_16(xs, tap_row, tap_col, wb, C, KH, KW, bb, count, act, O, op); break;
              case 32: fwd_tile_32(xs, tap_row, tap_col, wb, C, KH, KW, bb, count, act, O, op); break;
              case 64: fwd_tile_64(xs, tap_row, tap_col, wb, C, KH, KW, bb, count, act, O, op); break;
              case 128: fwd_tile_128(xs, tap_row, tap_col, wb, C, KH, KW, bb, count, act, O, op); break;
              default: fwd_tile_any(xs, pixel, tap_row, tap_col, wb, C, KH, KW, bb, count, act, O, op);
            }
          }
        }
        for (; x0 < Wo; x0++) fwd_pixel(xn, H, W, C, KH, KW, yi0, x0 * SW - PL, DH, DWI, wb, bb, count, act, ro + x0 * O);
      }
    }
  }
}

/* Copies x (N x H x W x C) into out (N x (H+pt+pb) x (W+pl+pr) x C) with zeros around it: the forward kernel then
 * runs every output pixel through its 4-pixel tiles, instead of the slower one-pixel path at the borders. */
void EXPORT(pad_nhwc)(const float *x, float *out, int N, int H, int W, int C, int pt, int pb, int pl, int pr) {
  const int Hp = H + pt + pb, Wp = W + pl + pr;
  for (int n = 0; n < N; n++)
    for (int y = 0; y < Hp; y++) {
      float *row = out + ((long)n * Hp + y) * Wp * C;
      const int ys = y - pt;
      if (ys < 0 || ys >= H) {
        __builtin_memset(row, 0, (unsigned long)Wp * C * sizeof(float));
        continue;
      }
      __builtin_memset(row, 0, (unsigned long)pl * C * sizeof(float));
      __builtin_memcpy(row + pl * C, x + ((long)n * H + ys) * W * C, (unsigned long)W * C * sizeof(float));
      __builtin_memset(row + (pl + W) * C, 0, (unsigned long)pr * C * sizeof(float));
    }
}
