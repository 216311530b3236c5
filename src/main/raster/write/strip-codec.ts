/**
 * Turns a raw strip plane into the bytes stored in the file: predictor, then DEFLATE (zlib stream, as TIFF's
 * compression 8 expects). The async form runs zlib on libuv's thread pool, so the planes of a strip compress in
 * parallel while the main thread goes on producing rows.
 */
import { deflate, deflateSync } from 'node:zlib';
import type { TiffLayout } from './geotiff-options';
import { applyPredictor } from './predictor';

/** Applies the predictor in place: the plane must be the writer's own copy. */
function predict(layout: TiffLayout, plane: Uint8Array, rows: number): void {
  if (layout.predictor === 1) return;
  applyPredictor(plane, layout.rowBytes, rows, layout.type.bytes, layout.samplesPerPlanePixel, layout.predictor);
}

export function encodeStripSync(layout: TiffLayout, plane: Uint8Array, rows: number): Uint8Array {
  if (!layout.deflate) return plane;
  predict(layout, plane, rows);
  return deflateSync(plane, { level: layout.deflateLevel });
}

export function encodeStrip(layout: TiffLayout, plane: Uint8Array, rows: number): Promise<Uint8Array> {
  if (!layout.deflate) return Promise.resolve(plane);
  predict(layout, plane, rows);
  return new Promise((resolve, reject) => {
    deflate(plane, { level: layout.deflateLevel }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}
