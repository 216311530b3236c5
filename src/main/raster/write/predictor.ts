/**
 * TIFF predictors, applied row by row to a strip before DEFLATE (as libtiff does, so GDAL undoes them exactly):
 * 2, horizontal differencing of integer samples (wrapping in the sample's width);
 * 3, the floating-point predictor (Adobe Technical Note 3): each row's bytes regrouped by significance, most
 * significant first, then differenced byte by byte, which makes smooth float images compress.
 */

/** Rewrites `strip` (rows of `rowBytes`) in place. `stride` is the samples per pixel side by side in a row. */
export function applyPredictor(strip: Uint8Array, rowBytes: number, rows: number, sampleBytes: number, stride: number, predictor: 2 | 3): void {
  if (predictor === 3) {
    const scratch = new Uint8Array(rowBytes);
    for (let r = 0; r < rows; r++) floatingPointRow(strip.subarray(r * rowBytes, (r + 1) * rowBytes), scratch, sampleBytes, stride);
    return;
  }
  // Views of the strip in the sample width, so the subtraction wraps as the sample's own unsigned integer does.
  const samples =
    sampleBytes === 1
      ? strip
      : sampleBytes === 2
        ? new Uint16Array(strip.buffer, strip.byteOffset, strip.byteLength / 2)
        : new Uint32Array(strip.buffer, strip.byteOffset, strip.byteLength / 4);
  const rowSamples = rowBytes / sampleBytes;
  for (let r = 0; r < rows; r++) {
    const start = r * rowSamples;
    for (let i = start + rowSamples - 1; i >= start + stride; i--) samples[i] = samples[i]! - samples[i - stride]!;
  }
}

function floatingPointRow(row: Uint8Array, scratch: Uint8Array, sampleBytes: number, stride: number): void {
  scratch.set(row);
  const n = row.length / sampleBytes;
  for (let s = 0; s < n; s++) {
    const from = s * sampleBytes;
    // Little-endian samples: byte b is the b-th least significant; plane 0 holds the most significant bytes.
    for (let b = 0; b < sampleBytes; b++) row[(sampleBytes - 1 - b) * n + s] = scratch[from + b]!;
  }
  for (let i = row.length - 1; i >= stride; i--) row[i] = row[i]! - row[i - stride]!;
}
