// How a scene's values become reflectance when its settings do not say: by data type. Its own module, free of the
// scene readers, because the `lcz` help text shows the rule and every command start would otherwise load GeoTIFF.

/** Scale of 16- and 32-bit integer scenes: reflectance x 10,000 (Sentinel-2 L2A, So2Sat). */
const INTEGER_REFLECTANCE_SCALE = 1e-4;
/** Types read as they are: floats hold reflectance itself, 8-bit files digital numbers. */
const UNSCALED_DTYPES = new Set(['Byte', 'Float32', 'Float64']);

/** Reflectance scaling by data type (see the two constants above). */
export function defaultScale(dtype: string): number {
  return UNSCALED_DTYPES.has(dtype) ? 1 : INTEGER_REFLECTANCE_SCALE;
}

/** The rule of defaultScale() in words, for help texts (made from the same constants, so the two cannot differ). */
export const DEFAULT_SCALE_RULE = `${INTEGER_REFLECTANCE_SCALE} for 16- and 32-bit integer scenes, 1 for ${[...UNSCALED_DTYPES].join(', ')} scenes`;
