/*
 * Training kernels that tfjs-backend-wasm lacks (or has only as naive loops), compiled to a tiny WebAssembly
 * module that imports the backend's own memory: tensors are read and written where the backend keeps them, with
 * no copies. Build: `node scripts/build-train-kernels.mjs` (Debian: apt-get install clang lld).
 *
 * Rules that keep this safe inside someone else's memory: no static data (it would be written over the
 * backend's heap at instantiation), no libc (copies compile to bulk-memory instructions), and the stack pointer
 * (used by the few local arrays) is set by the caller to a block it allocated on the backend's heap.
 * Layouts are TensorFlow's: x and dy NHWC, conv filters [kh, kw, C, O], depthwise filters [kh, kw, C, M].
 *
 * Every kernel takes a block of int32 geometry `g` (see G_* below) and a range of images [n0, n1): callers split
 * a batch between threads by chunks of images, each thread writing a disjoint part of the output, or adding to a
 * private filter gradient (zeroed by the caller) that the caller sums at the end.
 */
#include <wasm_simd128.h>

#ifdef TRAIN_KERNELS_FMA
/* Relaxed SIMD multiply-add a*b + c (fused where the CPU has FMA): the FMA variants of this module, used when the
 * engine supports relaxed SIMD. Clang 14 only knows the prototype instruction (f32x4.fma, opcode 0xaf), which the
 * build script rewrites to the standard f32x4.relaxed_madd (0x105), whose operands mean a*b + c. */
#define MADD(a, b, c) __builtin_wasm_fma_f32x4((a), (b), (c))
#else
#define MADD(a, b, c) wasm_f32x4_add(wasm_f32x4_mul((a), (b)), (c))
#endif

#define EXPORT(name) __attribute__((export_name(#name))) name

enum { G_N, G_H, G_W, G_C, G_HO, G_WO, G_O, G_KH, G_KW, G_SH, G_SW, G_DH, G_DW, G_PT, G_PL, G_M };

static inline int floor_div(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
static inline int ceil_div(int a, int b) { return -floor_div(-a, b); }
static inline int max_i(int a, int b) { return a > b ? a : b; }
static inline int min_i(int a, int b) { return a < b ? a : b; }

/* The output rows y in [lo, hi) whose tap t (input row y*s + t*d - p) falls inside [0, size). */
static inline void valid_range(int t, int s, int d, int p, int size, int out, int *lo, int *hi) {
  *lo = max_i(0, ceil_div(p - t * d, s));
  *hi = min_i(out, floor_div(size - 1 + p - t * d, s) + 1);
  if (*hi < *lo) *hi = *lo;
}

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

/* Tile of a float32 tensor of rank <= 7: g = [rank, shape[0..rank), reps[0..rank)]. Each block is built once
 * and then copied reps times, so the work is a few memory copies (the backend's Tile walks every element's
 * coordinates). */
static float *tile_dim(const int *shape, const int *reps, const int *in_stride, const int *out_stride, int d, int rank,
                       const float *in, float *out) {
  if (d == rank - 1) {
    const int n = shape[d];
    for (int k = 0; k < n; k++) out[k] = in[k];
    for (int r = 1; r < reps[d]; r++)
      for (int k = 0; k < n; k++) out[r * n + k] = in[k];
    return out + n * reps[d];
  }
  float *start = out;
  for (int i = 0; i < shape[d]; i++) tile_dim(shape, reps, in_stride, out_stride, d + 1, rank, in + i * in_stride[d], out + i * out_stride[d]);
  const long block = (long)shape[d] * out_stride[d];
  for (int r = 1; r < reps[d]; r++)
    for (long k = 0; k < block; k++) start[r * block + k] = start[k];
  return start + block * reps[d];
}

void EXPORT(tile)(const int *g, const float *in, float *out) {
  const int rank = g[0];
  const int *shape = g + 1, *reps = g + 1 + rank;
  int in_stride[8], out_stride[8];
  in_stride[rank - 1] = 1;
  out_stride[rank - 1] = 1;
  for (int d = rank - 2; d >= 0; d--) {
    in_stride[d] = in_stride[d + 1] * shape[d + 1];
    out_stride[d] = out_stride[d + 1] * shape[d + 1] * reps[d + 1];
  }
  tile_dim(shape, reps, in_stride, out_stride, 0, rank, in, out);
}

/* out[k] = scale * sum over r of in[r * cols + k]: a reduction over leading axes (per-channel sums of an NHWC
 * tensor), which the backend does by transposing the whole tensor first. */
void EXPORT(column_sum)(const float *in, float *out, int rows, int cols, float scale) {
  int k = 0;
  for (; k + 16 <= cols; k += 16) {
    v128_t a0 = wasm_f32x4_splat(0.f), a1 = a0, a2 = a0, a3 = a0;
    const float *p = in + k;
    for (int r = 0; r < rows; r++, p += cols) {
      a0 = wasm_f32x4_add(a0, wasm_v128_load(p));
      a1 = wasm_f32x4_add(a1, wasm_v128_load(p + 4));
      a2 = wasm_f32x4_add(a2, wasm_v128_load(p + 8));
      a3 = wasm_f32x4_add(a3, wasm_v128_load(p + 12));
    }
    const v128_t s = wasm_f32x4_splat(scale);
    wasm_v128_store(out + k, wasm_f32x4_mul(a0, s));
    wasm_v128_store(out + k + 4, wasm_f32x4_mul(a1, s));
    wasm_v128_store(out + k + 8, wasm_f32x4_mul(a2, s));
    wasm_v128_store(out + k + 12, wasm_f32x4_mul(a3, s));
  }
  for (; k + 4 <= cols; k += 4) {
    v128_t a = wasm_f32x4_splat(0.f);
    for (int r = 0; r < rows; r++) a = wasm_f32x4_add(a, wasm_v128_load(in + (long)r * cols + k));
    wasm_v128_store(out + k, wasm_f32x4_mul(a, wasm_f32x4_splat(scale)));
  }
  for (; k < cols; k++) {
    float s = 0.f;
    for (int r = 0; r < rows; r++) s += in[(long)r * cols + k];
    out[k] = s * scale;
  }
}

/* MaxPoolGrad: each output pixel's gradient goes to the first maximum of its window (row-major order, strict
 * comparison: the cpu backend's rule, which matters for the ties ReLU makes). dx (images n0..n1) is overwritten. */
void EXPORT(max_pool_grad)(const int *g, const float *xin, const float *dy, float *dx, int n0, int n1) {
  const int H = g[G_H], W = g[G_W], C = g[G_C], Ho = g[G_HO], Wo = g[G_WO];
  const int KH = g[G_KH], KW = g[G_KW], SH = g[G_SH], SW = g[G_SW], DH = g[G_DH], DWI = g[G_DW];
  const int PT = g[G_PT], PL = g[G_PL];
  float *dx0 = dx + (long)n0 * H * W * C;
  const long size = (long)(n1 - n0) * H * W * C;
  for (long k = 0; k < size; k++) dx0[k] = 0.f;
  for (int n = n0; n < n1; n++)
    for (int y = 0; y < Ho; y++)
      for (int x = 0; x < Wo; x++) {
        const float *dp = dy + ((long)(n * Ho + y) * Wo + x) * C;
        for (int c = 0; c < C; c++) {
          float best = -__builtin_inff();
          long at = -1;
          for (int i = 0; i < KH; i++) {
            const int yi = y * SH + i * DH - PT;
            if (yi < 0 || yi >= H) continue;
            for (int j = 0; j < KW; j++) {
              const int xi = x * SW + j * DWI - PL;
              if (xi < 0 || xi >= W) continue;
              const long k = ((long)(n * H + yi) * W + xi) * C + c;
              if (xin[k] > best) {
                best = xin[k];
                at = k;
              }
            }
          }
          if (at >= 0) dx[at] += dp[c];
        }
      }
}

/* FusedBatchNorm with per-channel statistics: out = (x - mean) * scale / sqrt(variance + eps) + offset, in one
 * pass over x after a per-channel factor is computed into kb (2 * C floats of scratch). offset and scale may be
 * null (0 and 1). */
void EXPORT(batch_norm)(const float *x, const float *mean, const float *variance, const float *offset,
                        const float *scale, float *kb, float *out, int rows, int C, float eps) {
  float *k = kb, *b = kb + C;
  for (int c = 0; c < C; c++) {
    k[c] = (scale ? scale[c] : 1.f) / __builtin_sqrtf(variance[c] + eps);
    b[c] = offset ? offset[c] : 0.f;
  }
  for (int r = 0; r < rows; r++) {
    const float *xp = x + (long)r * C;
    float *op = out + (long)r * C;
    int c = 0;
    for (; c + 4 <= C; c += 4) {
      const v128_t d = wasm_f32x4_sub(wasm_v128_load(xp + c), wasm_v128_load(mean + c));
      wasm_v128_store(op + c, wasm_f32x4_add(wasm_f32x4_mul(d, wasm_v128_load(k + c)), wasm_v128_load(b + c)));
    }
    for (; c < C; c++) op[c] = (xp[c] - mean[c]) * k[c] + b[c];
  }
}

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

/* Elementwise a (op) b over rows r0..r1 of `inner` elements: b is full (bmode 0), one row repeated (1) or one
 * value (2). op: 0 add, 1 multiply, 2 subtract a - b, 3 subtract b - a. */
static inline v128_t binary4(int op, v128_t a, v128_t b) {
  switch (op) {
    case 0: return wasm_f32x4_add(a, b);
    case 1: return wasm_f32x4_mul(a, b);
    case 2: return wasm_f32x4_sub(a, b);
    default: return wasm_f32x4_sub(b, a);
  }
}
static inline float binary1(int op, float a, float b) { return op == 0 ? a + b : op == 1 ? a * b : op == 2 ? a - b : b - a; }

void EXPORT(binary_op)(int op, int bmode, int inner, const float *a, const float *b, float *out, int r0, int r1) {
  for (int r = r0; r < r1; r++) {
    const float *ap = a + (long)r * inner;
    const float *bp = bmode == 0 ? b + (long)r * inner : b;
    float *op_ = out + (long)r * inner;
    int k = 0;
    if (bmode == 2) {
      const v128_t bv = wasm_v128_load32_splat(b);
      for (; k + 4 <= inner; k += 4) wasm_v128_store(op_ + k, binary4(op, wasm_v128_load(ap + k), bv));
      for (; k < inner; k++) op_[k] = binary1(op, ap[k], b[0]);
    } else {
      for (; k + 4 <= inner; k += 4) wasm_v128_store(op_ + k, binary4(op, wasm_v128_load(ap + k), wasm_v128_load(bp + k)));
      for (; k < inner; k++) op_[k] = binary1(op, ap[k], bp[k]);
    }
  }
}
