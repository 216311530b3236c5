import { describe, expect, it } from 'vitest';
import { decodeScenePreview, paintScenePreview } from './scene-image';

function pixel(rgba: Uint8ClampedArray, i: number): number[] {
  return [...rgba.subarray(i * 4, i * 4 + 4)];
}

describe('paintScenePreview', () => {
  it('draws each RGB pixel opaque and leaves 0,0,0 (no data) transparent', () => {
    const rgb = new Uint8Array([10, 20, 30, 0, 0, 0, 0, 0, 1, 255, 255, 255]);
    const rgba = paintScenePreview(rgb, 2, 2);
    expect(pixel(rgba, 0)).toEqual([10, 20, 30, 255]);
    expect(pixel(rgba, 1)).toEqual([0, 0, 0, 0]);
    // A nearly black pixel is data: only exact 0,0,0 means none.
    expect(pixel(rgba, 2)).toEqual([0, 0, 1, 255]);
    expect(pixel(rgba, 3)).toEqual([255, 255, 255, 255]);
  });

  it('rejects a picture of the wrong size', () => {
    expect(() => paintScenePreview(new Uint8Array(9), 2, 2)).toThrow(/holds 9 bytes/);
  });

  it('decodes the core preview from base64', () => {
    const rgbBase64 = btoa(String.fromCharCode(1, 2, 3, 0, 0, 0));
    const rgba = decodeScenePreview({ width: 2, height: 1, corners: [[0, 1], [1, 1], [1, 0], [0, 0]], rgbBase64, drawn: ['S2.B4', 'S2.B3', 'S2.B2'] });
    expect([...rgba]).toEqual([1, 2, 3, 255, 0, 0, 0, 0]);
  });
});
