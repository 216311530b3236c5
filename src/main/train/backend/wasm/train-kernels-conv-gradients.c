/* Convolution gradients: Conv2DBackpropFilter, Conv2DBackpropInput (any stride), the depthwise ones, and the
 * filter layouts they use. See train-kernels-common.h for the rules of this module. */
#include "train-kernels-common.h"

/* Accumulates MR input channels x 4*NV output channels of one filter tap over a block of output pixels:
 * acc[r][v] += x[pixel, c0 + r] * dy[pixel, o0 + 4v .. o0 + 4v + 3]. The accumulators stay in registers. */
#define DW_KERNEL(MR, NV)                                                                                      \
  static void dw_kernel_##MR##x##NV(float *d, int O, const float *x0, int x_row, int x_col, const float *dy0, \
                                    int dy_row, int rows, int cols) {                                         \
    v128_t acc[MR][NV];                                                                                        \
    for (int r = 0; r < MR; r++)                                                                               \
      for (int v = 0; v < NV; v++) acc[r][v] = wasm_v128_load(d + r * O + 4 * v);                             \
    for (int y = 0; y < rows; y++) {                                                                           \
      const float *xp = x0 + y * x_row;                                                                        \
      const float *dp = dy0 + y * dy_row;                                                                      \
      for (int x = 0; x < cols; x++) {                                                                         \
        v128_t b[NV];                                                                                          \
        for (int v = 0; v < NV; v++) b[v] = wasm_v128_load(dp + 4 * v);                                       \
        for (int r = 0; r < MR; r++) {                                                                         \
          v128_t a = wasm_v128_load32_splat(xp + r);                                                           \
          for (int v = 0; v < NV; v++) acc[r][v] = MADD(a, b[v], acc[r][v]);                                   \
        }                                                                                                      \
        xp += x_col;                                                                                           \
        dp += O;                                                                                               \
      }                                                                                                        \
    }                                                                                                          \
    for (int r = 0; r < MR; r++)                                                                               \
      for (int v = 0; v < NV; v++) wasm_v128_store(d + r * O + 4 * v, acc[r][v]);                             \
  }
DW_KERNEL(4, 2)
DW_KERNEL(1, 2)
DW_KERNEL(4, 1)
DW_KERNEL(1, 1)

static void dw_kernel_scalar(float *d, int O, int mr, int nr, const float *x0, int x_row, int x_col,
                             const float *dy0, int dy_row, int rows, int cols) {
  for (int r = 0; r < mr; r++)
    for (int o = 0; o < nr; o++) {
      float s = d[r * O + o];
      for (int y = 0; y < rows; y++)
        for (int x = 0; x < cols; x++) s += x0[y * x_row + x * x_col + r] * dy0[y * dy_row + x * O + o];
      d[r * O + o] = s;
    }
}

/* Conv2DBackpropFilter: dw[i, j, c, o] += sum over images n0..n1 and output pixels of
 * x[n, y*sh + i*dh - pt, x*sw + j*dw - pl, c] * dy[n, y, x, o]. Pixels are visited in blocks
 * of output rows small enough for dy and x to stay in cache while every tap and channel tile passes over them. */
void EXPORT(conv2d_backprop_filter)(const int *g, const float *x, const float *dy, float *dw, int n0, int n1) {
  const int H = g[G_H], W = g[G_W], C = g[G_C], Ho = g[G_HO], Wo = g[G_WO], O = g[G_O];
  const int KH = g[G_KH], KW = g[G_KW], SH = g[G_SH], SW = g[G_SW], DH = g[G_DH], DWI = g[G_DW];
  const int PT = g[G_PT], PL = g[G_PL];
  const int block = max_i(1, 4096 / (Wo * O > 0 ? Wo * O : 1) + 1);
  for (int n = n0; n < n1; n++) {
    const float *xn = x + (long)n * H * W * C;
    const float *dyn = dy + (long)n * Ho * Wo * O;
    for (int yb = 0; yb < Ho; yb += block) {
      const int ye = min_i(Ho, yb + block);
      for (int i = 0; i < KH; i++) {
        int ylo, yhi;
        valid_range(i, SH, DH, PT, H, Ho, &ylo, &yhi);
        ylo = max_i(ylo, yb);
        yhi = min_i(yhi, ye);
        if (yhi <= ylo) continue;
        for (int j = 0; j < KW; j++) {
          int xlo, xhi;
          valid_range(j, SW, DWI, PL, W, Wo, &xlo, &xhi);
          if (xhi <= xlo) continue;
          const int rows = yhi - ylo, cols = xhi - xlo;
          const float *xs = xn + ((ylo * SH + i * DH - PT) * W + (xlo * SW + j * DWI - PL)) * C;
          const float *ds = dyn + (ylo * Wo + xlo) * O;
          float *dt = dw + (i * KW + j) * C * O;
          const int x_row = SH * W * C, x_col = SW * C, dy_row = Wo * O;
          int c = 0;
          for (; c < C; c += 4) {
            const int mr = min_i(4, C - c);
            int o = 0;
            if (mr == 4) {
              for (; o + 8 <= O; o += 8) dw_kernel_4x2(dt + c * O + o, O, xs + c, x_row, x_col, ds + o, dy_row, rows, cols);
              for (; o + 4 <= O; o += 4) dw_kernel_4x1(dt + c * O + o, O, xs + c, x_row, x_col, ds + o, dy_row, rows, cols);
            } else {
              for (int r = 0; r < mr; r++) {
                int oo = 0;
                for (; oo + 8 <= O; oo += 8) dw_kernel_1x2(dt + (c + r) * O + oo, O, xs + c + r, x_row, x_col, ds + oo, dy_row, rows, cols);
                for (; oo + 4 <= O; oo += 4) dw_kernel_1x1(dt + (c + r) * O + oo, O, xs + c + r, x_row, x_col, ds + oo, dy_row, rows, cols);
                o = oo;
              }
            }
            if (o < O) dw_kernel_scalar(dt + c * O + o, O, mr, O - o, xs + c, x_row, x_col, ds + o, dy_row, rows, cols);
          }
        }
      }
    }
  }
}

/* wt[i, j, o, c] = w[i, j, c, o]: the filter with its channel axes swapped, so that the input gradient can be
 * vectorised over input channels. */
void EXPORT(transpose_filter)(const int *g, const float *w, float *wt) {
  const int C = g[G_C], O = g[G_O], taps = g[G_KH] * g[G_KW];
  for (int t = 0; t < taps; t++)
    for (int c = 0; c < C; c++)
      for (int o = 0; o < O; o++) wt[(t * O + o) * C + c] = w[(t * C + c) * O + o];
}

/* wf[kh-1-i, kw-1-j, o, c] = w[i, j, c, o]: the filter of the forward convolution that computes the input
 * gradient of a stride-1 convolution. */
void EXPORT(flip_filter)(const int *g, const float *w, float *wf) {
  const int C = g[G_C], O = g[G_O], KH = g[G_KH], KW = g[G_KW];
  for (int i = 0; i < KH; i++)
    for (int j = 0; j < KW; j++) {
      const float *src = w + (i * KW + j) * C * O;
      float *dst = wf + ((KH - 1 - i) * KW + (KW - 1 - j)) * O * C;
      for (int c = 0; c < C; c++)
        for (int o = 0; o < O; o++) dst[o * C + c] = src[c * O + o];
    }
}

/* Conv2DBackpropInput for any stride: scatters every output pixel's gradient through every tap,
 * dx[n, y*sh + i*dh - pt, x*sw + j*dw - pl, :] += wt[i, j] (O x C) . dy[n, y, x, :]. wt is from transpose_filter;
 * dx (images n0..n1) is overwritten. */
void EXPORT(conv2d_backprop_input)(const int *g, const float *dy, const float *wt, float *dx, int n0, int n1) {
  const int H = g[G_H], W = g[G_W], C = g[G_C], Ho = g[G_HO], Wo = g[G_WO], O = g[G_O];
  const int KH = g[G_KH], KW = g[G_KW], SH = g[G_SH], SW = g[G_SW], DH = g[G_DH], DWI = g[G_DW];
  const int PT = g[G_PT], PL = g[G_PL];
  float *dx0 = dx + (long)n0 * H * W * C;
  const long size = (long)(n1 - n0) * H * W * C;
  for (long k = 0; k < size; k++) dx0[k] = 0.f;
  for (int n = n0; n < n1; n++)
    for (int y = 0; y < Ho; y++)
      for (int i = 0; i < KH; i++) {
        const int yi = y * SH + i * DH - PT;
        if (yi < 0 || yi >= H) continue;
        for (int x = 0; x < Wo; x++) {
          const float *dp = dy + ((long)(n * Ho + y) * Wo + x) * O;
          for (int j = 0; j < KW; j++) {
            const int xi = x * SW + j * DWI - PL;
            if (xi < 0 || xi >= W) continue;
            float *out = dx + ((long)(n * H + yi) * W + xi) * C;
            const float *wp = wt + (i * KW + j) * O * C;
            int c = 0;
            for (; c + 8 <= C; c += 8) {
              v128_t a0 = wasm_v128_load(out + c), a1 = wasm_v128_load(out + c + 4);
              for (int o = 0; o < O; o++) {
                const v128_t s = wasm_v128_load32_splat(dp + o);
                a0 = MADD(s, wasm_v128_load(wp + o * C + c), a0);
                a1 = MADD(s, wasm_v128_load(wp + o * C + c + 4), a1);
              }
              wasm_v128_store(out + c, a0);
              wasm_v128_store(out + c + 4, a1);
            }
            for (; c < C; c++) {
              float s = out[c];
              for (int o = 0; o < O; o++) s += dp[o] * wp[o * C + c];
              out[c] = s;
            }
          }
        }
      }
}

/* DepthwiseConv2dNativeBackpropFilter: dw[i, j, c, m] += sum x[n, yi, xi, c] * dy[n, y, x, c*M + m] over images
 * n0..n1. */
void EXPORT(depthwise_backprop_filter)(const int *g, const float *xin, const float *dy, float *dw, int n0, int n1) {
  const int H = g[G_H], W = g[G_W], C = g[G_C], Ho = g[G_HO], Wo = g[G_WO], M = g[G_M];
  const int KH = g[G_KH], KW = g[G_KW], SH = g[G_SH], SW = g[G_SW], DH = g[G_DH], DWI = g[G_DW];
  const int PT = g[G_PT], PL = g[G_PL], O = C * M;
  for (int n = n0; n < n1; n++)
    for (int i = 0; i < KH; i++) {
      int ylo, yhi;
      valid_range(i, SH, DH, PT, H, Ho, &ylo, &yhi);
      for (int j = 0; j < KW; j++) {
        int xlo, xhi;
        valid_range(j, SW, DWI, PL, W, Wo, &xlo, &xhi);
        float *dt = dw + (i * KW + j) * O;
        for (int y = ylo; y < yhi; y++)
          for (int x = xlo; x < xhi; x++) {
            const float *xp = xin + ((long)(n * H + y * SH + i * DH - PT) * W + (x * SW + j * DWI - PL)) * C;
            const float *dp = dy + ((long)(n * Ho + y) * Wo + x) * O;
            if (M == 1) {
              int c = 0;
              for (; c + 4 <= C; c += 4)
                wasm_v128_store(dt + c, MADD(wasm_v128_load(xp + c), wasm_v128_load(dp + c), wasm_v128_load(dt + c)));
              for (; c < C; c++) dt[c] += xp[c] * dp[c];
            } else {
              for (int c = 0; c < C; c++)
                for (int m = 0; m < M; m++) dt[c * M + m] += xp[c] * dp[c * M + m];
            }
          }
      }
    }
}

/* DepthwiseConv2dNativeBackpropInput: dx[n, yi, xi, c] = sum dy[n, y, x, c*M + m] * w[i, j, c, m] over the taps
 * and multipliers that reach it. dx (images n0..n1) is overwritten. */
void EXPORT(depthwise_backprop_input)(const int *g, const float *dy, const float *w, float *dx, int n0, int n1) {
  const int H = g[G_H], W = g[G_W], C = g[G_C], Ho = g[G_HO], Wo = g[G_WO], M = g[G_M];
  const int KH = g[G_KH], KW = g[G_KW], SH = g[G_SH], SW = g[G_SW], DH = g[G_DH], DWI = g[G_DW];
  const int PT = g[G_PT], PL = g[G_PL], O = C * M;
  float *dx0 = dx + (long)n0 * H * W * C;
  const long size = (long)(n1 - n0) * H * W * C;
  for (long k = 0; k < size; k++) dx0[k] = 0.f;
  for (int n = n0; n < n1; n++)
    for (int i = 0; i < KH; i++) {
      int ylo, yhi;
      valid_range(i, SH, DH, PT, H, Ho, &ylo, &yhi);
      for (int j = 0; j < KW; j++) {
        int xlo, xhi;
        valid_range(j, SW, DWI, PL, W, Wo, &xlo, &xhi);
        const float *wp = w + (i * KW + j) * O;
        for (int y = ylo; y < yhi; y++)
          for (int x = xlo; x < xhi; x++) {
            float *out = dx + ((long)(n * H + y * SH + i * DH - PT) * W + (x * SW + j * DWI - PL)) * C;
            const float *dp = dy + ((long)(n * Ho + y) * Wo + x) * O;
            if (M == 1) {
              int c = 0;
              for (; c + 4 <= C; c += 4)
                wasm_v128_store(out + c, MADD(wasm_v128_load(dp + c), wasm_v128_load(wp + c), wasm_v128_load(out + c)));
              for (; c < C; c++) out[c] += dp[c] * wp[c];
            } else {
              for (int c = 0; c < C; c++) {
                float s = out[c];
                for (int m = 0; m < M; m++) s += dp[c * M + m] * wp[c * M + m];
                out[c] = s;
              }
            }
          }
      }
    }
}

/* out[k] = sum of the parts' k-th elements: reduces the threads' private filter gradients. */
void EXPORT(sum_into)(float *out, const float *parts, int size, int count) {
  int k = 0;
  for (; k + 4 <= size; k += 4) {
    v128_t s = wasm_v128_load(parts + k);
    for (int p = 1; p < count; p++) s = wasm_f32x4_add(s, wasm_v128_load(parts + (long)p * size + k));
    wasm_v128_store(out + k, s);
  }
  for (; k < size; k++) {
    float s = parts[k];
    for (int p = 1; p < count; p++) s += parts[(long)p * size + k];
    out[k] = s;
  }
}
