/**
 * Sentinel-2 SAFE metadata, by ESA's element names (Sentinel-2 Products Specification Document, PSD 14.x):
 * MTD_MSIL2A.xml / MTD_MSIL1C.xml (the product: level, processing baseline, quantification, offsets, image files) and
 * the granule's MTD_TL.xml (the tile's CRS and its grid at 10, 20 and 60 m).
 */
import type { Document } from '@xmldom/xmldom';
import { UserError } from '../../../shared/errors';
import { elements, parseXml, textOf } from './xml';

export type Sentinel2Level = 'L2A' | 'L1C';

export interface Sentinel2ImageFile {
  /** "B2", "B8A", "SCL", "TCI"... (leading zeros dropped: B02 is B2). */
  band: string;
  /** From the file name's _10m/_20m/_60m (L2A); null for L1C, whose files carry one resolution each. */
  resolutionM: number | null;
  /** Path from the product's root, with .jp2. */
  path: string;
}

export interface Sentinel2Product {
  level: Sentinel2Level;
  productUri: string;
  spacecraft: string;
  sensingStart: string;
  /** "04.00"; null when the metadata does not say (products before 2016). */
  baseline: string | null;
  /** Reflectance = (DN + offset) / quantification. */
  quantification: number;
  /** Per band ("B4"): the DN offset, -1000 from processing baseline 04.00 on (January 2022), 0 before. */
  offsets: Record<string, number>;
  imageFiles: Sentinel2ImageFile[];
  cloudCover: number | null;
}

/** The bands by band_id, as PSD 14 numbers them, for products that leave out Spectral_Information. */
const BAND_IDS = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B8A', 'B9', 'B10', 'B11', 'B12'];

/** "B02" -> "B2"; "B8A", "SCL" unchanged. */
export function s2BandName(name: string): string {
  return name.replace(/^B0(\d)$/, 'B$1');
}

function bandIdNames(doc: Document): Map<string, string> {
  const names = new Map(BAND_IDS.map((name, i) => [String(i), name]));
  for (const info of elements(doc, 'Spectral_Information')) {
    const id = info.getAttribute('bandId');
    const physical = info.getAttribute('physicalBand');
    if (id !== null && physical) names.set(id, s2BandName(physical));
  }
  return names;
}

const IMAGE_FILE = /_(B\d{2}|B8A|SCL|TCI|AOT|WVP)(?:_(\d{2})m)?$/;

/** Parses MTD_MSIL2A.xml or MTD_MSIL1C.xml. */
export function parseSentinel2Product(xml: string, label: string): Sentinel2Product {
  const doc = parseXml(xml, label);
  const root = doc.documentElement!.localName;
  const level: Sentinel2Level | null = root === 'Level-2A_User_Product' ? 'L2A' : root === 'Level-1C_User_Product' ? 'L1C' : null;
  if (!level) throw new UserError(`is not Sentinel-2 Level-2A or Level-1C product metadata (its root element is ${root})`, label);
  const baseline = textOf(doc, 'PROCESSING_BASELINE');
  const quantificationText = textOf(doc, level === 'L2A' ? 'BOA_QUANTIFICATION_VALUE' : 'QUANTIFICATION_VALUE');
  const quantification = Number(quantificationText);
  if (!quantificationText || !(quantification > 0)) throw new UserError(`has no usable ${level === 'L2A' ? 'BOA_' : ''}QUANTIFICATION_VALUE`, label);

  const offsets: Record<string, number> = {};
  const names = bandIdNames(doc);
  for (const offset of elements(doc, level === 'L2A' ? 'BOA_ADD_OFFSET' : 'RADIO_ADD_OFFSET')) {
    const name = names.get(offset.getAttribute('band_id') ?? '');
    const value = Number((offset.textContent ?? '').trim());
    if (name && Number.isFinite(value)) offsets[name] = value;
  }
  // From baseline 04.00 every band's DN carries an offset; a product of that baseline without the list is damaged.
  if (baseline !== null && Number(baseline) >= 4 && Object.keys(offsets).length === 0) {
    throw new UserError(`says processing baseline ${baseline} but lists no ${level === 'L2A' ? 'BOA_ADD_OFFSET' : 'RADIO_ADD_OFFSET'} values (products from baseline 04.00 on carry them)`, label);
  }

  const imageFiles: Sentinel2ImageFile[] = [];
  for (const file of elements(doc, 'IMAGE_FILE')) {
    const path = (file.textContent ?? '').trim();
    const m = IMAGE_FILE.exec(path);
    if (!m) continue;
    imageFiles.push({ band: s2BandName(m[1]!), resolutionM: m[2] ? Number(m[2]) : null, path: path.endsWith('.jp2') ? path : `${path}.jp2` });
  }
  if (imageFiles.length === 0) throw new UserError('lists no image files (IMAGE_FILE)', label);
  const cloud = Number(textOf(doc, 'Cloud_Coverage_Assessment') ?? textOf(doc, 'CLOUDY_PIXEL_PERCENTAGE') ?? NaN);
  return {
    level,
    productUri: textOf(doc, 'PRODUCT_URI') ?? '',
    spacecraft: textOf(doc, 'SPACECRAFT_NAME') ?? 'Sentinel-2',
    sensingStart: textOf(doc, 'PRODUCT_START_TIME') ?? '',
    baseline,
    quantification,
    offsets,
    imageFiles,
    cloudCover: Number.isFinite(cloud) ? cloud : null,
  };
}

export interface Sentinel2Grid {
  width: number;
  height: number;
  /** Upper-left corner and pixel size, in the tile's CRS. */
  ulx: number;
  uly: number;
  xdim: number;
  ydim: number;
}

export interface Sentinel2Tile {
  epsg: number;
  /** "WGS84 / UTM zone 31N" */
  csName: string | null;
  /** By resolution in metres (10, 20, 60). */
  grids: Map<number, Sentinel2Grid>;
}

/** Parses a granule's MTD_TL.xml: its CRS (HORIZONTAL_CS_CODE) and grids (Size and Geoposition per resolution). */
export function parseSentinel2Tile(xml: string, label: string): Sentinel2Tile {
  const doc = parseXml(xml, label);
  const code = /^EPSG:(\d+)$/.exec(textOf(doc, 'HORIZONTAL_CS_CODE') ?? '');
  if (!code) throw new UserError('has no HORIZONTAL_CS_CODE of the form EPSG:<code>', label);
  const sizes = new Map(elements(doc, 'Size').map((e) => [Number(e.getAttribute('resolution')), { width: Number(textOf(e, 'NCOLS')), height: Number(textOf(e, 'NROWS')) }]));
  const grids = new Map<number, Sentinel2Grid>();
  for (const position of elements(doc, 'Geoposition')) {
    const resolution = Number(position.getAttribute('resolution'));
    const size = sizes.get(resolution);
    const grid = { ...size!, ulx: Number(textOf(position, 'ULX')), uly: Number(textOf(position, 'ULY')), xdim: Number(textOf(position, 'XDIM')), ydim: Number(textOf(position, 'YDIM')) };
    if (size && Object.values(grid).every(Number.isFinite) && grid.width > 0 && grid.height > 0) grids.set(resolution, grid);
  }
  if (!grids.has(10)) throw new UserError('gives no 10 m grid (Size and Geoposition with resolution="10")', label);
  return { epsg: Number(code[1]), csName: textOf(doc, 'HORIZONTAL_CS_NAME'), grids };
}
