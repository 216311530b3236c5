/**
 * Undoes TIFF horizontal differencing (Predictor 2) on big-endian samples in place.
 * geotiff.js 3.0.5 runs its predictor on native little-endian typed arrays before the byte order is applied,
 * which scrambles 16/32-bit big-endian files (GDAL writes them with -co ENDIANNESS=BIG); bytes are fine.
 */
export function undoBigEndianPredictor(block: ArrayBufferLike, rowSamples: number, stride: number, bytesPerSample: number): void {
  const view = new DataView(block);
  const rowBytes = rowSamples * bytesPerSample;
  const rows = Math.floor(block.byteLength / rowBytes);
  for (let r = 0; r < rows; r++) {
    const base = r * rowBytes;
    for (let i = stride; i < rowSamples; i++) {
      const at = base + i * bytesPerSample;
      const prev = at - stride * bytesPerSample;
      if (bytesPerSample === 2) view.setUint16(at, (view.getUint16(at) + view.getUint16(prev)) & 0xffff);
      else if (bytesPerSample === 4) view.setUint32(at, (view.getUint32(at) + view.getUint32(prev)) >>> 0);
      else view.setBigUint64(at, BigInt.asUintN(64, view.getBigUint64(at) + view.getBigUint64(prev)));
    }
  }
}
