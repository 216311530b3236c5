/*
 * Training kernels that tfjs-backend-wasm lacks (or has only as naive loops), compiled to a tiny WebAssembly
 * module that imports the backend's own memory: tensors are read and written where the backend keeps them, with
 * no copies. The sources are train-kernels-*.c; build: `node scripts/build-train-kernels.mjs` (Debian: apt-get install clang lld).
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
#ifndef TRAIN_KERNELS_COMMON_H
#define TRAIN_KERNELS_COMMON_H

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

#endif
