/* Tile, reductions over leading axes, max-pool gradient, batch norm and elementwise add/multiply/subtract. See
 * train-kernels-common.h for the rules of this module. */
#include "train-kernels-common.h"

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

/* out[k] += sum over rows r0..r1 of in[r * cols + k]: a reduction over leading axes (per-channel sums of an NHWC
 * tensor), which the backend does by transposing the whole tensor first. Threads sum row ranges into private
 * copies of out. */
void EXPORT(column_sum)(const float *in, int cols, float *out, int r0, int r1) {
  int k = 0;
  for (; k + 16 <= cols; k += 16) {
    v128_t a0 = wasm_v128_load(out + k), a1 = wasm_v128_load(out + k + 4);
    v128_t a2 = wasm_v128_load(out + k + 8), a3 = wasm_v128_load(out + k + 12);
    const float *p = in + (long)r0 * cols + k;
    for (int r = r0; r < r1; r++, p += cols) {
      a0 = wasm_f32x4_add(a0, wasm_v128_load(p));
      a1 = wasm_f32x4_add(a1, wasm_v128_load(p + 4));
      a2 = wasm_f32x4_add(a2, wasm_v128_load(p + 8));
      a3 = wasm_f32x4_add(a3, wasm_v128_load(p + 12));
    }
    wasm_v128_store(out + k, a0);
    wasm_v128_store(out + k + 4, a1);
    wasm_v128_store(out + k + 8, a2);
    wasm_v128_store(out + k + 12, a3);
  }
  for (; k + 4 <= cols; k += 4) {
    v128_t a = wasm_v128_load(out + k);
    for (int r = r0; r < r1; r++) a = wasm_f32x4_add(a, wasm_v128_load(in + (long)r * cols + k));
    wasm_v128_store(out + k, a);
  }
  for (; k < cols; k++) {
    float s = out[k];
    for (int r = r0; r < r1; r++) s += in[(long)r * cols + k];
    out[k] = s;
  }
}

void EXPORT(scale_values)(float *p, int n, float scale) {
  for (int k = 0; k < n; k++) p[k] *= scale;
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
