import { LCZ_CLASSES, LCZ_CLASS_COUNT, hexToRgb } from '../../shared/lcz-classes';

/**
 * Pure conversions from the core's display grid (one byte per cell, 0 = nodata, 1-17 = LCZ)
 * to the RGBA pixels MapLibre draws. No DOM here, so they are tested in Node.
 */

/** Decodes display.classesBase64 and checks it holds width × height cells. */
export function decodeClasses(base64: string, width: number, height: number): Uint8Array {
  const binary = atob(base64);
  if (binary.length !== width * height) {
    throw new Error(`The display grid holds ${binary.length} cells, expected ${width} × ${height} = ${width * height}.`);
  }
  const classes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) classes[i] = binary.charCodeAt(i);
  return classes;
}

/** One RGBA word per class value (index = value), in the platform's byte order so it can be written as Uint32. */
function palette(hidden: ReadonlySet<number>): Uint32Array {
  const bytes = new Uint8Array((LCZ_CLASS_COUNT + 1) * 4);
  for (const lcz of LCZ_CLASSES) {
    if (hidden.has(lcz.value)) continue;
    const [r, g, b] = hexToRgb(lcz.color);
    bytes.set([r, g, b, 255], lcz.value * 4);
  }
  return new Uint32Array(bytes.buffer);
}

/** RGBA pixels of a class grid: class colours, with nodata, unknown values and hidden classes transparent. */
export function paintClasses(classes: Uint8Array, hidden: ReadonlySet<number>): Uint8ClampedArray<ArrayBuffer> {
  const colours = palette(hidden);
  const rgba = new Uint8ClampedArray(classes.length * 4);
  const words = new Uint32Array(rgba.buffer);
  for (let i = 0; i < classes.length; i++) {
    const value = classes[i] ?? 0;
    if (value !== 0 && value <= LCZ_CLASS_COUNT) words[i] = colours[value] ?? 0;
  }
  return rgba;
}
