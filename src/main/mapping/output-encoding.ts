/**
 * How probabilities and confidence measures are stored in the result rasters: UInt16 holding value x 10^4 (as the
 * So2Sat reference demo writes its probability GeoTIFFs), 65535 for no data (0 is a real probability).
 */
export const PROBABILITY_SCALE = 10_000;
export const PROBABILITY_NODATA = 65_535;

/** Encodes values in [0, 1] per cell; cells where `predicted` is 0 become no data. */
export function encodeShares(values: Float32Array, classes: Uint8Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = classes[i] ? Math.round(Math.min(1, Math.max(0, values[i]!)) * PROBABILITY_SCALE) : PROBABILITY_NODATA;
  return out;
}

/** The 17 probability bands (band k = LCZ k + 1) from cells x 17 interleaved probabilities. */
export function probabilityBands(probabilities: Float32Array, classes: Uint8Array): Uint16Array[] {
  const cells = classes.length;
  return Array.from({ length: 17 }, (_, k) => {
    const band = new Uint16Array(cells);
    for (let i = 0; i < cells; i++) band[i] = classes[i] ? Math.round(probabilities[i * 17 + k]! * PROBABILITY_SCALE) : PROBABILITY_NODATA;
    return band;
  });
}
