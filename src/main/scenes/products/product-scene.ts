/**
 * A satellite product as a scene: a virtual multi-band Float32 raster of reflectance on the grid of its finest bands,
 * cropped to the area of interest. Each read takes, from every band file it needs, the blocks (JPEG 2000 tiles, GeoTIFF
 * tiles or strips) under the rows asked for, and
 *
 * - resamples coarser bands to the scene grid by nearest neighbour (pixel replication: a 20 m Sentinel-2 pixel covers
 *   exactly 2 x 2 pixels of 10 m, so this is exact and keeps every value a real measurement, as GDAL's -r near does;
 *   bilinear would blend in values across cloud and coast edges and, for the quality layer, blend classes);
 * - turns digital numbers into reflectance with the product's own scale and offset (band by band);
 * - leaves out as NaN what is not a clear measurement: the band's no-data and saturated values, and every pixel the
 *   product's quality layer marks as no data, saturated, cloud or cloud shadow.
 *
 * Blocks that reach below a read are kept for the next one (block-cache.ts), so a pass down the scene decodes each
 * block once, and memory stays at about one row of blocks of the bands read.
 */
import type { TypedArray } from 'geotiff';
import { UserError } from '../../../shared/errors';
import { BlockCache } from '../block-cache';
import type { PixelWindow } from '../aoi';
import type { SceneFile } from '../scene-file';
import { MASK, type SceneArea, type SceneSource, type SceneWindow } from '../scene-source';
import { blockIndex, reducedBand, type BandSource, type DecodedBlock } from './band-source';
import type { ProductLayout } from './product-layout';

export class ProductSceneSource implements SceneSource {
  private readonly blocks = new BlockCache<DecodedBlock>();

  constructor(
    private readonly layout: ProductLayout,
    /** The scene as cropped (or whole). */
    readonly scene: SceneFile,
    /** Where the scene lies in the product's grid. */
    private readonly window: PixelWindow,
    /** An overview's reduction: the scene 2^level times smaller, decoded at that JPEG 2000 level (0: the scene). */
    private readonly level = 0,
    /** The band files opened so far, shared with the scene's overviews. */
    private readonly sources = new Map<string, Promise<BandSource>>(),
  ) {}

  /**
   * The scene about `factor` times smaller, for a preview: decoded directly at a JPEG 2000 resolution level (tens of
   * times faster than decoding full tiles and averaging). Null when the bands cannot be reduced so (GeoTIFF bands,
   * coarser bands) or the factor is under 2. The quality layer is not applied to an overview (reduced class values
   * are blends), only the bands' own no data.
   */
  async overview(factor: number, bands: readonly number[]): Promise<ProductSceneSource | null> {
    if (this.level !== 0 || factor < 2) return null;
    const specs = bands.map((b) => this.layout.bands[b]!);
    if (specs.some((b) => b.factor !== 1)) return null;
    const opened = await Promise.all(specs.map((b) => this.source(b.file, 1)));
    const level = Math.min(Math.floor(Math.log2(factor)), ...opened.map((o) => o.levels));
    if (level < 1) return null;
    const k = 2 ** level;
    const x0 = Math.floor(this.window.x / k);
    const y0 = Math.floor(this.window.y / k);
    const window = { x: x0, y: y0, width: Math.ceil((this.window.x + this.window.width) / k) - x0, height: Math.ceil((this.window.y + this.window.height) / k) - y0 };
    const [gx, pw, rx, gy, ry, ph] = this.layout.scene.geoTransform;
    const scene: SceneFile = {
      ...this.scene,
      width: window.width,
      height: window.height,
      geoTransform: [gx + x0 * k * pw, pw * k, rx, gy + y0 * k * ph, ry, ph * k],
      pixelSizeM: this.scene.pixelSizeM * k,
      pixelHeightM: this.scene.pixelHeightM * k,
    };
    return new ProductSceneSource({ ...this.layout, mask: null }, scene, window, level, this.sources);
  }

  async read(y0: number, y1: number, bands: readonly number[], signal?: AbortSignal): Promise<SceneWindow> {
    const top = Math.max(0, y0);
    const bottom = Math.min(this.scene.height, y1);
    this.blocks.startRead(top);
    const area = await this.area(0, top, this.scene.width, bottom, bands, this.blocks, signal);
    return { y0: top, rows: bottom - top, width: this.scene.width, bands: area.bands };
  }

  readArea(x0: number, y0: number, x1: number, y1: number, bands: readonly number[], signal?: AbortSignal): Promise<SceneArea> {
    return this.area(Math.max(0, x0), Math.max(0, y0), Math.min(this.scene.width, x1), Math.min(this.scene.height, y1), bands, null, signal);
  }

  async close(): Promise<void> {
    this.blocks.clear();
    // An overview shares its scene's files, which the scene closes.
    if (this.level === 0) await this.layout.files.close();
  }

  private async area(x0: number, y0: number, x1: number, y1: number, bands: readonly number[], cache: BlockCache<DecodedBlock> | null, signal?: AbortSignal): Promise<SceneArea> {
    signal?.throwIfAborted();
    const rect = { x: this.window.x + x0, y: this.window.y + y0, width: x1 - x0, height: y1 - y0 };
    const { mask } = this.layout;
    const reasons = new Uint8Array(rect.width * rect.height);
    if (mask) {
      const values = await this.samples(mask.file, mask.factor, rect, cache, signal);
      for (let i = 0; i < values.length; i++) reasons[i] = mask.reason(values[i]!);
    }
    // The quality layer masks every band; a band's own no data or saturation masks that band only, and is reported.
    const masked = reasons.slice();
    const out: TypedArray[] = [];
    for (const index of bands) {
      const band = this.layout.bands[index];
      if (!band) throw new Error(`${this.scene.path}: band ${index + 1} asked of a product with ${this.layout.bands.length}`);
      const values = await this.samples(band.file, band.factor, rect, cache, signal);
      const { scale, offset, invalid } = band;
      for (let i = 0; i < values.length; i++) {
        const dn = values[i]!;
        if (masked[i] !== MASK.valid) values[i] = NaN;
        else if (invalid.includes(dn)) {
          values[i] = NaN;
          // Reported too (Sentinel-2 L1C has no quality layer: this is all it knows of a pixel).
          if (reasons[i] === MASK.valid) reasons[i] = dn === invalid[0] ? MASK.noData : MASK.saturated;
        } else values[i] = dn * scale + offset;
      }
      out.push(values);
    }
    return { x0, y0, width: rect.width, height: rect.height, bands: out, reasons };
  }

  private async source(file: string, factor: number): Promise<BandSource> {
    return reducedBand(await this.fullSource(file, factor), this.level);
  }

  private fullSource(file: string, factor: number): Promise<BandSource> {
    let source = this.sources.get(file);
    if (!source) {
      source = this.layout.openFile(file).then((opened) => {
        const full = this.layout.scene;
        // A band must cover the product's grid at its resolution: a file of another size is another product's, or damaged.
        if (opened.width !== Math.ceil(full.width / factor) || opened.height !== Math.ceil(full.height / factor)) {
          throw new UserError(
            `is ${opened.width} x ${opened.height} pixels, but the product's grid at its resolution is ${Math.ceil(full.width / factor)} x ${Math.ceil(full.height / factor)}; the product is damaged or mixed from several downloads`,
            this.layout.files.label(file),
          );
        }
        return opened;
      });
      // A failed open is tried again by the next read (and its error reported there), not kept.
      source.catch(() => this.sources.delete(file));
      this.sources.set(file, source);
    }
    return source;
  }

  /** The file's DNs under each scene pixel of `rect` (product grid pixels), nearest neighbour, as Float32. */
  private async samples(file: string, factor: number, rect: PixelWindow, cache: BlockCache<DecodedBlock> | null, signal?: AbortSignal): Promise<Float32Array> {
    const source = await this.source(file, factor);
    const { width, height } = rect;
    const out = new Float32Array(width * height);
    if (width <= 0 || height <= 0) return out;
    const columns = new Int32Array(width);
    for (let x = 0; x < width; x++) columns[x] = Math.floor((rect.x + x) / factor);
    const firstRow = Math.floor(rect.y / factor);
    const lastRow = Math.floor((rect.y + height - 1) / factor);
    const bx0 = blockIndex(source.colEdges, columns[0]!);
    const bx1 = blockIndex(source.colEdges, columns[width - 1]!);
    const by0 = blockIndex(source.rowEdges, firstRow);
    const by1 = blockIndex(source.rowEdges, lastRow);
    const reads: Promise<void>[] = [];
    for (let by = by0; by <= by1; by++) {
      for (let bx = bx0; bx <= bx1; bx++) {
        reads.push(this.block(source, file, factor, bx, by, cache, rect.y + height).then((block) => this.place(block, source, bx, by, factor, rect, columns, out)));
      }
    }
    await Promise.all(reads);
    signal?.throwIfAborted();
    return out;
  }

  private block(source: BandSource, file: string, factor: number, bx: number, by: number, cache: BlockCache<DecodedBlock> | null, readEnd: number): Promise<DecodedBlock> {
    const decode = () =>
      source.readBlock(bx, by).then((block) => {
        const w = source.colEdges[bx + 1]! - source.colEdges[bx]!;
        const h = source.rowEdges[by + 1]! - source.rowEdges[by]!;
        if (block.width !== w || block.height !== h) throw new UserError(`block ${bx},${by} decoded to ${block.width} x ${block.height}, not ${w} x ${h}`, this.layout.files.label(file));
        return block;
      });
    if (!cache) return decode();
    // The cache holds blocks by the scene rows they end at (the cropped scene's rows, as reads ask for them).
    const lastRow = source.rowEdges[by + 1]! * factor - this.window.y;
    return cache.get(`${file}/${bx}/${by}`, lastRow, readEnd - this.window.y, decode);
  }

  /** Copies the block's samples to every scene pixel of `rect` that falls in it. */
  private place(block: DecodedBlock, source: BandSource, bx: number, by: number, factor: number, rect: PixelWindow, columns: Int32Array, out: Float32Array): void {
    const colStart = source.colEdges[bx]!;
    const colEnd = source.colEdges[bx + 1]!;
    const rowStart = source.rowEdges[by]!;
    const yFrom = Math.max(0, rowStart * factor - rect.y);
    const yTo = Math.min(rect.height, source.rowEdges[by + 1]! * factor - rect.y);
    let xFrom = 0;
    while (xFrom < rect.width && columns[xFrom]! < colStart) xFrom++;
    let xTo = xFrom;
    while (xTo < rect.width && columns[xTo]! < colEnd) xTo++;
    const { samples, width } = block;
    for (let y = yFrom; y < yTo; y++) {
      const base = (Math.floor((rect.y + y) / factor) - rowStart) * width - colStart;
      const o = y * rect.width;
      for (let x = xFrom; x < xTo; x++) out[o + x] = samples[base + columns[x]!]!;
    }
  }
}
