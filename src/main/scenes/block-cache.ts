/**
 * Decoded strips or tiles kept between the windows of a scene read from top to bottom. geotiff's own block cache
 * keeps every block it ever decoded (memory grows with the scene), and without one, a block taller than a window
 * is decoded again for each window it spans: a scene stored as one strip was decoded whole for every window.
 *
 * So a block is kept only when it reaches below the window that decoded it (the next window needs it again), and
 * dropped once a read starts below its last row. A block is whatever its reader decodes to (a GeoTIFF block's bytes,
 * a product band's decoded tile). Blocks inside one window are not kept: at most the few rows
 * windows share are decoded twice, and memory stays at about one window of decoded blocks. Reads may overlap in
 * time (the mapping reads the next window ahead): a read finds a block still being decoded and waits for it.
 */
export class BlockCache<Block = ArrayBufferLike> {
  private readonly blocks = new Map<string, { lastRow: number; data: Promise<Block> }>();

  /** A read of rows from `y0` on starts: blocks ending at or above it are not needed again by reads going down. */
  startRead(y0: number): void {
    for (const [key, block] of this.blocks) if (block.lastRow <= y0) this.blocks.delete(key);
  }

  /**
   * The decoded block `key`, whose rows end (exclusive) at `lastRow`, for a read ending at `readEnd`: from the
   * cache, else decoded now and kept when it reaches below the read.
   */
  get(key: string, lastRow: number, readEnd: number, decode: () => Promise<Block>): Promise<Block> {
    const cached = this.blocks.get(key);
    if (cached) return cached.data;
    const data = decode();
    if (lastRow > readEnd) {
      const entry = { lastRow, data };
      this.blocks.set(key, entry);
      // A failed decode (a cancel, a damaged block) must be tried again by the next read, not served from here.
      data.catch(() => {
        if (this.blocks.get(key) === entry) this.blocks.delete(key);
      });
    }
    return data;
  }

  /** Blocks held now (for tests and memory estimates). */
  get size(): number {
    return this.blocks.size;
  }

  clear(): void {
    this.blocks.clear();
  }
}
