import type { TypedArray } from 'geotiff';
import { UserError } from '../../shared/errors';
import { LCZ_CLASS_COUNT } from '../../shared/lcz-classes';
import { PROBABILITY_NODATA } from '../mapping/output-encoding';
import { LczValueMapper } from '../raster/lcz-values';
import { openGeoTiff } from '../raster/open-geotiff';
import type { Georeferenced } from '../raster/projection';
import { describeLczImage, type LczMapHeader } from '../raster/read-lcz-map';
import { gdalNodata } from '../raster/tiff-meta';
import { gdalMetadata } from '../scenes/scene-file';
import { SceneReader } from '../scenes/scene-reader';
import { gatherCells, GridAlignment, type SourceCells } from './grid-alignment';
import type { MapSource } from './map-source';

/** One range of the target grid's rows as read from a map: classes 0-17, and the result layers when it has them. */
export interface MapRows {
  classes: Uint8Array;
  /** 17 bands (LCZ value v in band v - 1), probability x 10^4, PROBABILITY_NODATA where none. */
  probabilities: Uint16Array[] | null;
  /** Max probability x 10^4 (confidence.tif band 1). */
  confidence: Uint16Array | null;
}

const PROBABILITY_BANDS = Array.from({ length: LCZ_CLASS_COUNT }, (_, i) => i);

/**
 * A map being compared, read row range by row range at the cells of the target grid (the first map's): its own rows
 * when the grids are the same, else the window of its rows under those cells, sampled by nearest neighbour. Memory
 * follows the range, never the map. Values are checked as they are read (check() after the last range says whether
 * the file was an LCZ map at all).
 */
export class MapReader {
  private readonly mapper: LczValueMapper;

  private constructor(
    readonly source: MapSource,
    readonly header: LczMapHeader,
    readonly alignment: GridAlignment,
    private readonly lcz: SceneReader,
    private readonly probabilities: SceneReader | null,
    private readonly confidence: SceneReader | null,
    nodata: number | null,
    /** A result says so in its summary; a plain GeoTIFF in its GDAL metadata, as maps/open reads it (SYNTHETIC=YES). */
    readonly synthetic: boolean,
  ) {
    this.mapper = new LczValueMapper(nodata, header.sourceDtype);
  }

  /**
   * Opens the map, checked as an LCZ map is before any pixel is read, and with `layers` a result's probabilities and
   * confidence (only worth reading when both maps have them).
   */
  static async open(source: MapSource, target: Georeferenced | null, layers: boolean, signal?: AbortSignal): Promise<MapReader> {
    const opened = await openGeoTiff(source.lczPath, signal);
    let header: LczMapHeader;
    let nodata: number | null;
    let synthetic: boolean;
    try {
      header = describeLczImage(opened, source.lczPath);
      nodata = gdalNodata(opened.image);
      synthetic = source.synthetic || (await gdalMetadata(opened.image, 1)).metadata.SYNTHETIC === 'YES';
    } finally {
      await opened.close();
    }
    const readers: SceneReader[] = [];
    try {
      const lcz = await SceneReader.open(source.lczPath, signal);
      readers.push(lcz);
      let probabilities: SceneReader | null = null;
      let confidence: SceneReader | null = null;
      if (layers && source.kind === 'result') {
        probabilities = await SceneReader.open(source.probabilitiesPath, signal);
        readers.push(probabilities);
        confidence = await SceneReader.open(source.confidencePath, signal);
        readers.push(confidence);
        checkLayer(probabilities, header, LCZ_CLASS_COUNT);
        checkLayer(confidence, header, 3);
      }
      return new MapReader(source, header, new GridAlignment(target ?? header, header), lcz, probabilities, confidence, nodata, synthetic);
    } catch (error) {
      await Promise.all(readers.map((r) => r.close()));
      throw error;
    }
  }

  get hasProbabilities(): boolean {
    return this.probabilities !== null;
  }

  /** Where the target rows [r0, r1) fall in this map; null when the grids are the same (row r is row r). */
  locate(r0: number, r1: number): SourceCells | null {
    return this.alignment.identical ? null : this.alignment.locate(r0, r1);
  }

  /** Raw values read for those rows: what one window costs in memory, to keep it bounded. */
  windowSamples(r0: number, r1: number, located: SourceCells | null): number {
    const rows = located ? located.bottom - located.top : r1 - r0;
    return rows * this.header.width * (1 + (this.probabilities ? LCZ_CLASS_COUNT + 1 : 0));
  }

  async read(r0: number, r1: number, located: SourceCells | null, signal?: AbortSignal): Promise<MapRows> {
    const cells = (r1 - r0) * this.alignment.target.width;
    const [top, bottom] = located ? [located.top, located.bottom] : [r0, r1];
    const take = async (reader: SceneReader, bands: number[], fill: number): Promise<TypedArray[]> => {
      if (top === bottom) return bands.map(() => new Float64Array(cells).fill(fill));
      const window = await reader.read(top, bottom, bands, signal);
      if (!located) return window.bands;
      return window.bands.map((band) => {
        const out = new Float64Array(cells);
        gatherCells(located, band, top, this.header.width, out, fill);
        return out;
      });
    };
    const classes = new Uint8Array(cells);
    // Cells off this map read as 0, which the mapper takes for no data.
    this.mapper.map((await take(this.lcz, [0], 0))[0]!, classes, 0);
    if (!this.probabilities || !this.confidence) return { classes, probabilities: null, confidence: null };
    const probabilities = (await take(this.probabilities, PROBABILITY_BANDS, PROBABILITY_NODATA)).map(asUint16);
    const confidence = asUint16((await take(this.confidence, [0], PROBABILITY_NODATA))[0]!);
    return { classes, probabilities, confidence };
  }

  /**
   * Throws the UserError that says the file is not an LCZ map (values that are no class), once every range was read.
   * A map with no class in the cells read is the caller's to explain: for a second map that is no overlap.
   */
  check(): void {
    if (this.mapper.nonIntegerCells > 0 || this.mapper.outsideCells > 0) this.mapper.check(this.source.lczPath);
  }

  /** Cells read that hold a class. */
  get validCells(): number {
    return this.mapper.validCells;
  }

  notes(): string[] {
    return this.mapper.notes();
  }

  async close(): Promise<void> {
    await Promise.all([this.lcz, this.probabilities, this.confidence].map((r) => r?.close()));
  }
}

const asUint16 = (values: TypedArray): Uint16Array => (values instanceof Uint16Array ? values : Uint16Array.from(values));

/** A result's layer must lie on its class map's grid with the bands a result has. */
function checkLayer(reader: SceneReader, header: LczMapHeader, bands: number): void {
  const { scene } = reader;
  if (scene.width !== header.width || scene.height !== header.height || scene.bandCount !== bands) {
    throw new UserError(
      `is ${scene.width} x ${scene.height} with ${scene.bandCount} bands, but its result's LCZ map is ${header.width} x ${header.height} and this layer has ${bands}: the result folder is damaged (map it again)`,
      scene.path,
    );
  }
}
