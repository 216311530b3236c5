/**
 * Whether a raw scene value is no data: the file's nodata value, NaN, or an infinity. No reflectance or radiance is
 * infinite: an infinity is an overflow or a division by zero upstream, and mapped as data it drew a class (LCZ 1)
 * from nothing. Every reader of scene pixels (patch cutting, window normalisation, the preview) asks this one test.
 */
export function isNoData(raw: number, nodata: number | null): boolean {
  // raw - raw is 0 for every finite number and NaN for NaN and both infinities: one subtraction covers the three.
  return raw === nodata || raw - raw !== 0;
}
