/**
 * A Landsat Collection 2 Level-2 product (Landsat 8/9 OLI, Landsat 7 ETM+) as downloaded (the .tar) or unpacked (its
 * folder of per-band GeoTIFFs and the MTL file), read as a scene of 30 m pixels:
 *
 * - the surface reflectance bands SR_B1-SR_B7 (Landsat 7: SR_B1-SR_B5 and SR_B7), named in the MTL's PRODUCT_CONTENTS;
 * - reflectance = DN x REFLECTANCE_MULT_BAND_n + REFLECTANCE_ADD_BAND_n of LEVEL2_SURFACE_REFLECTANCE_PARAMETERS
 *   (2.75e-5 and -0.2 in Collection 2);
 * - QA_PIXEL masks fill (bit 0), dilated cloud (bit 1), cirrus (bit 2, Landsat 8/9), cloud (bit 3) and cloud shadow
 *   (bit 4); an SR value of 0 is fill too.
 *
 * Level-1 products (top-of-atmosphere digital numbers), Collection 1 and the Landsat 4/5 TM sensors are refused with
 * the product to get instead.
 */
import { dirname } from 'node:path';
import { sensorBands, type Sensor } from '../../../shared/bands';
import { UserError } from '../../../shared/errors';
import { describeScene } from '../scene-file';
import { MASK } from '../scene-source';
import { mtlNumber, mtlValue, parseMtl } from './landsat-mtl';
import { readMetadata, type ProductFiles } from './product-files';
import type { ProductBand, ProductLayout, ProductMaskLayer } from './product-layout';
import { productSceneFile } from './product-scene-file';
import { openProductTiff, openTiffBand } from './tiff-band';

const SPACECRAFT: Record<string, Sensor> = { LANDSAT_7: 'landsat-7', LANDSAT_8: 'landsat-8', LANDSAT_9: 'landsat-8' };
const FILL = 1 << 0;
const DILATED_CLOUD = 1 << 1;
const CIRRUS = 1 << 2;
const CLOUD = 1 << 3;
const CLOUD_SHADOW = 1 << 4;
export const QA_MASKING = 'fill (QA_PIXEL bit 0), clouds (bit 3), dilated clouds (bit 1), cirrus (bit 2, Landsat 8/9) and cloud shadows (bit 4)';

/** The MASK reason of a QA_PIXEL value. */
export function qaPixelReason(value: number): number {
  if (value & FILL) return MASK.noData;
  if (value & (CLOUD | DILATED_CLOUD | CIRRUS)) return MASK.cloud;
  if (value & CLOUD_SHADOW) return MASK.shadow;
  return MASK.valid;
}

/** Reads the product whose MTL file is `mtlName` (..._MTL.txt) into a layout. */
export async function landsatLayout(files: ProductFiles, mtlName: string): Promise<ProductLayout> {
  const label = files.label(mtlName);
  const mtl = parseMtl(await readMetadata(files, mtlName), label);
  const id = mtlValue(mtl, 'PRODUCT_CONTENTS.LANDSAT_PRODUCT_ID')!;
  const level = mtlValue(mtl, 'PRODUCT_CONTENTS.PROCESSING_LEVEL') ?? '';
  if (!/^L2S[PR]$/.test(level)) {
    throw new UserError(
      `is a Landsat ${/^L1/.test(level) ? `Level-1 product (${level}: top-of-atmosphere digital numbers, no surface reflectance)` : `product of processing level "${level}"`}; LCZ Studio maps Collection 2 Level-2 surface reflectance (L2SP or L2SR): download the Level-2 product of this scene`,
      files.path,
    );
  }
  const spacecraft = mtlValue(mtl, 'IMAGE_ATTRIBUTES.SPACECRAFT_ID') ?? '';
  const sensor = SPACECRAFT[spacecraft];
  if (!sensor) throw new UserError(`is a ${spacecraft || 'Landsat'} product; LCZ Studio knows the bands of Landsat 7 ETM+ and Landsat 8/9 OLI`, files.path);

  const folder = dirname(mtlName) === '.' ? '' : `${dirname(mtlName)}/`;
  const missing: string[] = [];
  const fileOf = (key: string, what: string): string => {
    const name = mtlValue(mtl, `PRODUCT_CONTENTS.${key}`);
    if (!name) throw new UserError(`names no ${what} file (${key})`, label);
    if (!files.names.includes(folder + name)) missing.push(`${what} (${name})`);
    return folder + name;
  };
  const bands: ProductBand[] = sensorBands(sensor).map((spec) => {
    const n = spec.name.slice(1);
    const params = `LEVEL2_SURFACE_REFLECTANCE_PARAMETERS`;
    return {
      id: spec.id,
      file: fileOf(`FILE_NAME_BAND_${n}`, `SR_B${n}`),
      factor: 1,
      scale: mtlNumber(mtl, `${params}.REFLECTANCE_MULT_BAND_${n}`, label),
      offset: mtlNumber(mtl, `${params}.REFLECTANCE_ADD_BAND_${n}`, label),
      invalid: [0],
    };
  });
  const qa = fileOf('FILE_NAME_QUALITY_L1_PIXEL', 'QA_PIXEL');
  if (missing.length > 0) throw new UserError(`lacks files its MTL names: ${missing.join(', ')}; the download is incomplete, download the product again`, files.path);
  const mask: ProductMaskLayer = { file: qa, factor: 1, reason: qaPixelReason };

  // The grid and CRS are the first band's, checked like any scene GeoTIFF's; every band must share them.
  const first = await openProductTiff(files, bands[0]!.file);
  let grid;
  try {
    grid = await describeScene(first, files.label(bands[0]!.file));
  } finally {
    await first.close();
  }
  const scales = [...new Set(bands.map((b) => `${b.scale} ${b.offset < 0 ? '-' : '+'} ${Math.abs(b.offset)}`))];
  const scene = productSceneFile(
    files.path,
    {
      kind: 'landsat-c2',
      id,
      level,
      sensor,
      spacecraft: spacecraft.replace('_', ' ').replace('LANDSAT', 'Landsat'),
      acquired: mtlValue(mtl, 'IMAGE_ATTRIBUTES.DATE_ACQUIRED') ?? '',
      reflectance: 'surface',
      scaling: scales.length === 1 ? `DN x ${scales[0]!} (REFLECTANCE_MULT / REFLECTANCE_ADD of the MTL)` : 'DN x REFLECTANCE_MULT_BAND_n + REFLECTANCE_ADD_BAND_n of the MTL',
      masking: QA_MASKING,
      resampling: 'none: every band is on the same 30 m grid',
      cloudCoverPercent: Number.isFinite(Number(mtlValue(mtl, 'IMAGE_ATTRIBUTES.CLOUD_COVER'))) ? Number(mtlValue(mtl, 'IMAGE_ATTRIBUTES.CLOUD_COVER')) : null,
    },
    grid,
    bands,
    (file) => files.label(file),
  );
  return { files, scene, bands, mask, openFile: (file) => openTiffBand(files, file) };
}
