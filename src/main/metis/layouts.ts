/**
 * Batches of patches between the two layouts: the card takes NHWC (metis.md), bundles and compiled ONNX graphs may
 * be NCHW.
 */
export function nhwcToNchw(data: Float32Array, n: number, h: number, w: number, c: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++) for (let p = 0; p < h * w; p++) for (let k = 0; k < c; k++) out[(b * c + k) * h * w + p] = data[(b * h * w + p) * c + k]!;
  return out;
}

export function nchwToNhwc(data: Float32Array, n: number, c: number, h: number, w: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++) for (let k = 0; k < c; k++) for (let p = 0; p < h * w; p++) out[(b * h * w + p) * c + k] = data[(b * c + k) * h * w + p]!;
  return out;
}
