/**
 * One band file of a product at its own resolution, read a block (a JPEG 2000 tile, a GeoTIFF tile or strip) at a
 * time: the unit a product scene decodes, caches and resamples from (product-scene.ts).
 */

export interface DecodedBlock {
  width: number;
  height: number;
  /** Samples row by row (digital numbers as stored). */
  samples: ArrayLike<number>;
}

export interface BandSource {
  /** Pixels across and down at the band's own resolution. */
  readonly width: number;
  readonly height: number;
  /** Block boundaries in pixels: block bx spans columns [colEdges[bx], colEdges[bx + 1]); likewise rows. */
  readonly colEdges: readonly number[];
  readonly rowEdges: readonly number[];
  /** Block (bx, by) at full resolution, or reduced 2^level times where the format allows it (see reducible). */
  readBlock(bx: number, by: number, level?: number): Promise<DecodedBlock>;
  /** Levels readBlock can reduce by directly (JPEG 2000: its wavelet levels; 0 for a GeoTIFF): the preview uses them. */
  readonly levels: number;
}

/**
 * The band 2^level times smaller, as JPEG 2000 reduces it (a pixel edge x becomes ceil(x / 2^level)), its blocks
 * decoded at that level: a BandSource like any other, so a scene's overview reads exactly like the scene.
 */
export function reducedBand(band: BandSource, level: number): BandSource {
  if (level === 0) return band;
  const reduce = (edges: readonly number[]) => edges.map((e) => Math.ceil(e / 2 ** level));
  return {
    width: Math.ceil(band.width / 2 ** level),
    height: Math.ceil(band.height / 2 ** level),
    colEdges: reduce(band.colEdges),
    rowEdges: reduce(band.rowEdges),
    levels: band.levels - level,
    readBlock: (bx, by) => band.readBlock(bx, by, level),
  };
}

/** Regular block edges: 0, size, 2 size, ..., total. */
export function regularEdges(total: number, size: number): number[] {
  const edges: number[] = [];
  for (let at = 0; at < total; at += size) edges.push(at);
  edges.push(total);
  return edges;
}

/** The index of the block holding pixel `at` (edges ascending, at inside them). */
export function blockIndex(edges: readonly number[], at: number): number {
  let lo = 0;
  let hi = edges.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
