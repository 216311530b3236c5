import type { ScenePreview } from '../../shared/contract';
import { decodeBytes } from './bytes';

/**
 * The scene's true-colour preview (RGB bytes, 0,0,0 = no data) as the RGBA pixels MapLibre draws.
 * Pure, so it is tested in Node.
 */
export function paintScenePreview(rgb: Uint8Array, width: number, height: number): Uint8ClampedArray<ArrayBuffer> {
  if (rgb.length !== width * height * 3) throw new Error(`The scene preview holds ${rgb.length} bytes, expected ${width} × ${height} × 3.`);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    const r = rgb[i]!;
    const g = rgb[i + 1]!;
    const b = rgb[i + 2]!;
    if (r === 0 && g === 0 && b === 0) continue; // no data stays transparent
    rgba[j] = r;
    rgba[j + 1] = g;
    rgba[j + 2] = b;
    rgba[j + 3] = 255;
  }
  return rgba;
}

export function decodeScenePreview(preview: ScenePreview): Uint8ClampedArray<ArrayBuffer> {
  const rgb = decodeBytes(preview.rgbBase64, preview.width * preview.height * 3, 'scene preview');
  return paintScenePreview(rgb, preview.width, preview.height);
}
