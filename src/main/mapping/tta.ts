/**
 * Test-time augmentation by flips: each patch is also seen mirrored left-right, top-bottom and both (a 180 degree
 * turn); the class probabilities of the views are averaged. LCZ textures have no preferred orientation, so the
 * views are equally valid pictures of the same place.
 */
export const TTA_VIEW_COUNT = 4;

/**
 * Writes the three flipped views of the patch at buf[offset] to buf[offset + k * patchLength], k = 1..3
 * (left-right, top-bottom, both).
 */
export function writeFlippedViews(buf: Float32Array, offset: number, size: number, channels: number, layout: 'NCHW' | 'NHWC'): void {
  const plane = size * size;
  const length = plane * channels;
  const last = size - 1;
  for (let a = 0; a < size; a++) {
    for (let q = 0; q < size; q++) {
      const from = a * size + q;
      const lr = a * size + (last - q);
      const tb = (last - a) * size + q;
      const both = (last - a) * size + (last - q);
      for (let c = 0; c < channels; c++) {
        const at = (p: number): number => (layout === 'NCHW' ? c * plane + p : p * channels + c);
        const value = buf[offset + at(from)]!;
        buf[offset + length + at(lr)] = value;
        buf[offset + 2 * length + at(tb)] = value;
        buf[offset + 3 * length + at(both)] = value;
      }
    }
  }
}
