/**
 * A Sentinel-2 Level-2A or Level-1C product in the SAFE format, as downloaded (the .zip) or unpacked (the .SAFE
 * folder), read as a scene of 10 m pixels:
 *
 * - bands from the JPEG 2000 files the product metadata lists, each at its finest resolution in the product (B2, B3,
 *   B4, B8 at 10 m; B5, B6, B7, B8A, B11, B12 at 20 m; B1, B9 at 60 m, and B10 for L1C), coarser ones brought to
 *   10 m by nearest neighbour (product-scene.ts);
 * - reflectance = (DN + offset) / QUANTIFICATION_VALUE, the offset being BOA_ADD_OFFSET (L2A) or RADIO_ADD_OFFSET (L1C)
 *   of processing baseline 04.00 and later (-1000), 0 before;
 * - for L2A, the scene classification (SCL, 20 m) masks no data (0), saturated or defective pixels (1), cloud shadows
 *   (3), cloud of medium and high probability (8, 9) and thin cirrus (10); L1C has no classification, so only no data
 *   (DN 0) and saturation (DN 65535) are left out, and clouds stay in (the scene says so).
 */
import { dirname, posix } from 'node:path';
import { sensorBands } from '../../../shared/bands';
import { UserError } from '../../../shared/errors';
import { crsFromGeoKeys } from '../../raster/crs';
import { geoKeysForEpsg } from '../../raster/write/epsg-geokeys';
import { MASK } from '../scene-source';
import { openJp2Band } from './jp2-band';
import { readMetadata, type ProductFiles } from './product-files';
import type { ProductBand, ProductLayout, ProductMaskLayer } from './product-layout';
import { productSceneFile } from './product-scene-file';
import { parseSentinel2Product, parseSentinel2Tile, type Sentinel2ImageFile, type Sentinel2Product } from './sentinel2-metadata';

/** SCL classes left out, and why. */
const SCL_REASONS: Record<number, number> = { 0: MASK.noData, 1: MASK.saturated, 3: MASK.shadow, 8: MASK.cloud, 9: MASK.cloud, 10: MASK.cloud };
export const SCL_MASKING = 'clouds (SCL 8, 9: medium and high probability; 10: thin cirrus), cloud shadows (SCL 3), no data (SCL 0) and saturated or defective pixels (SCL 1)';
/** The SAFE's Special_Values: NODATA 0, SATURATED 65535. */
const NO_DATA_DN = 0;
const SATURATED_DN = 65535;

/** The product's image file for `band` at its finest resolution, or null when the metadata lists none. */
function finestFile(product: Sentinel2Product, band: string, nativeM: number): (Sentinel2ImageFile & { resolutionM: number }) | null {
  const candidates = product.imageFiles.filter((f) => f.band === band).map((f) => ({ ...f, resolutionM: f.resolutionM ?? nativeM }));
  return candidates.sort((a, b) => a.resolutionM - b.resolutionM)[0] ?? null;
}

function scalingText(product: Sentinel2Product): string {
  const offsets = [...new Set(Object.values(product.offsets))];
  const baseline = product.baseline ? ` (processing baseline ${product.baseline})` : '';
  if (offsets.length === 0 || (offsets.length === 1 && offsets[0] === 0)) return `DN / ${product.quantification}${baseline}`;
  if (offsets.length === 1) return `(DN ${offsets[0]! < 0 ? '-' : '+'} ${Math.abs(offsets[0]!)}) / ${product.quantification}${baseline}`;
  return `(DN + the band's offset) / ${product.quantification}${baseline}`;
}

/** Reads the product whose main metadata is `mtdName` (MTD_MSIL2A.xml or MTD_MSIL1C.xml) into a layout. */
export async function sentinel2Layout(files: ProductFiles, mtdName: string): Promise<ProductLayout> {
  const root = dirname(mtdName) === '.' ? '' : `${dirname(mtdName)}/`;
  const product = parseSentinel2Product(await readMetadata(files, mtdName), files.label(mtdName));
  const granules = files.names.filter((n) => n.startsWith(root) && /^GRANULE\/[^/]+\/MTD_TL\.xml$/.test(n.slice(root.length)));
  if (granules.length === 0) throw new UserError(`has no granule metadata (${root}GRANULE/<id>/MTD_TL.xml): the product is incomplete, download it again`, files.path);
  if (granules.length > 1) throw new UserError(`holds ${granules.length} granules (an old multi-tile product); LCZ Studio reads single-tile products (since December 2016)`, files.path);
  const tileName = granules[0]!;
  const tile = parseSentinel2Tile(await readMetadata(files, tileName), files.label(tileName));
  const grid10 = tile.grids.get(10)!;

  const bands: ProductBand[] = [];
  const missing: string[] = [];
  const add = (id: string, file: string, resolutionM: number, scale: number, offset: number) => {
    if (!files.names.includes(file)) missing.push(`${id.slice(3)} (${posix.basename(file)})`);
    bands.push({ id, file, factor: resolutionM / 10, scale, offset, invalid: [NO_DATA_DN, SATURATED_DN] });
  };
  for (const spec of sensorBands('sentinel-2')) {
    const file = finestFile(product, spec.name, spec.resolutionM);
    if (!file) continue; // L2A has no B10: a band the level does not have is simply not there
    add(spec.id, root + file.path, file.resolutionM, 1 / product.quantification, (product.offsets[spec.name] ?? 0) / product.quantification);
  }
  if (bands.length === 0) throw new UserError('lists none of the Sentinel-2 bands B1-B12 among its image files', files.label(mtdName));

  let mask: ProductMaskLayer | null = null;
  if (product.level === 'L2A') {
    const scl = finestFile(product, 'SCL', 20);
    if (!scl) throw new UserError('is a Level-2A product whose metadata lists no scene classification (SCL) file', files.label(mtdName));
    if (!files.names.includes(root + scl.path)) missing.push(`SCL (${posix.basename(scl.path)})`);
    mask = { file: root + scl.path, factor: scl.resolutionM / 10, reason: (value) => SCL_REASONS[value] ?? MASK.valid };
  }
  if (missing.length > 0) {
    throw new UserError(`lacks band files its metadata lists: ${missing.join(', ')}; the download is incomplete, download the product again`, files.path);
  }

  const geoKeys = geoKeysForEpsg(tile.epsg);
  const scene = productSceneFile(
    files.path,
    {
      kind: 'sentinel-2-safe',
      id: product.productUri.replace(/\.SAFE$/, '') || posix.basename(root.replace(/\/$/, '')),
      level: product.level,
      sensor: 'sentinel-2',
      spacecraft: product.spacecraft,
      acquired: product.sensingStart,
      reflectance: product.level === 'L2A' ? 'surface' : 'top-of-atmosphere',
      scaling: scalingText(product),
      masking: mask ? SCL_MASKING : 'no data (DN 0) and saturation (DN 65535) only: a Level-1C product has no scene classification, so clouds are NOT masked',
      resampling: '20 m and 60 m bands to 10 m by nearest neighbour (each coarse pixel repeated over the 10 m pixels it covers)',
      cloudCoverPercent: product.cloudCover,
    },
    { width: grid10.width, height: grid10.height, geoTransform: [grid10.ulx, grid10.xdim, 0, grid10.uly, 0, grid10.ydim], crs: { ...crsFromGeoKeys(geoKeys), ...(tile.csName ? { name: tile.csName } : {}) }, geoKeys },
    bands,
    (file) => files.label(file),
  );
  return { files, scene, bands, mask, openFile: (file) => openJp2Band(files, file) };
}
