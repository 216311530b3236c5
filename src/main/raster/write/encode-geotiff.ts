/**
 * The in-memory GeoTIFF encoder, for small rasters that go on to GDAL (gdal3.js) for COG conversion. Same layout
 * as the streaming writer: header, strips, then the directory.
 */
import type { BandArray } from './data-types';
import { resolveLayout, type GeoTiffOptions } from './geotiff-options';
import { imageTags } from './geotiff-tags';
import { serializeIfd, tiffHeader } from './ifd';
import { StripAssembler } from './strip-assembler';
import { encodeStripSync } from './strip-codec';

/** Encodes a whole raster, one array of width * height values per band. */
export function encodeGeoTiff(options: GeoTiffOptions, bands: readonly BandArray[]): Uint8Array {
  const layout = resolveLayout(options);
  const strips = new StripAssembler(layout).push(0, bands);
  if (strips.reduce((n, s) => n + s.rows, 0) !== layout.height) {
    throw new Error(`the bands hold ${bands[0]!.length / layout.width} rows, the raster has ${layout.height}`);
  }
  const chunks: Uint8Array[] = [];
  const offsets = new Array<number>(layout.planes * layout.stripsPerPlane).fill(0);
  const counts = offsets.slice();
  let pos = layout.bigTiff ? 16 : 8;
  for (const strip of strips) {
    strip.planes.forEach((plane, p) => {
      const bytes = encodeStripSync(layout, plane, strip.rows);
      offsets[p * layout.stripsPerPlane + strip.index] = pos;
      counts[p * layout.stripsPerPlane + strip.index] = bytes.length;
      chunks.push(bytes);
      pos += bytes.length;
    });
  }
  const ifdOffset = pos + (pos & 1); // a directory starts on a word boundary
  const ifd = serializeIfd(imageTags(layout, offsets, counts), ifdOffset, layout.bigTiff);
  const out = new Uint8Array(ifdOffset + ifd.length);
  out.set(tiffHeader(layout.bigTiff, ifdOffset), 0);
  let at = layout.bigTiff ? 16 : 8;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  out.set(ifd, ifdOffset);
  return out;
}
