/**
 * YCbCr to RGB for JPEG-compressed GeoTIFFs (PHOTOMETRIC=YCBCR, as GDAL writes orthophotos with
 * -co COMPRESS=JPEG -co PHOTOMETRIC=YCBCR). geotiff.js hands back the JPEG's raw Y, Cb, Cr samples; GDAL reads such
 * files as RGB (libtiff's JPEGCOLORMODE_RGB, libjpeg's conversion), so we convert the same way: the JFIF full-range
 * equations, rounded and clamped to 0-255.
 */

/** TIFF PhotometricInterpretation for YCbCr, and Compression for new-style JPEG. */
export const PHOTOMETRIC_YCBCR = 6;
export const COMPRESSION_JPEG = 7;

/** Converts pixel-interleaved Y, Cb, Cr bytes (three samples a pixel) to R, G, B in place. */
export function ycbcrToRgb(block: ArrayBufferLike): void {
  const px = new Uint8Array(block);
  for (let i = 0; i + 2 < px.length; i += 3) {
    const y = px[i]!;
    const cb = px[i + 1]! - 128;
    const cr = px[i + 2]! - 128;
    px[i] = clamp(y + 1.402 * cr);
    px[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    px[i + 2] = clamp(y + 1.772 * cb);
  }
}

function clamp(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}
