/**
 * GeoKey tags naming a CRS by its EPSG code, for grids we create (a UTM output grid, the synthetic scene):
 * model type (projected or geographic), PixelIsArea, and the code. GDAL and PROJ derive everything else (datum,
 * units) from the code, so nothing is written that could contradict it.
 */
import geokeysToProj4, { type GeoKeys } from 'geotiff-geokeys-to-proj4';
import { UserError } from '../../../shared/errors';
import type { GeoKeyTags } from '../lcz-map';

const GT_MODEL_TYPE = 1024;
const GT_RASTER_TYPE = 1025;
const GEOGRAPHIC_TYPE = 2048;
const PROJECTED_CS_TYPE = 3072;
const MODEL_PROJECTED = 1;
const MODEL_GEOGRAPHIC = 2;
const RASTER_PIXEL_IS_AREA = 1;

/**
 * True for a geographic (longitude/latitude) CRS, false for a projected one, judged by the EPSG table of
 * geotiff-geokeys-to-proj4 (the library our reader uses); throws for a code it does not know or that is not a
 * 2-D horizontal CRS (geocentric, vertical).
 */
export function isGeographicEpsg(epsg: number): boolean {
  const unknown = () => new UserError(`EPSG:${epsg} is not a projected or geographic CRS that LCZ Studio knows`);
  if (!Number.isInteger(epsg) || epsg <= 0 || epsg >= 32767) throw unknown();
  const { proj4, errors } = geokeysToProj4.toProj4({ GTModelTypeGeoKey: MODEL_PROJECTED, ProjectedCSTypeGeoKey: epsg } as unknown as GeoKeys);
  if (errors.CRSNotSupported !== undefined) throw unknown();
  const proj = /\+proj=(\w+)/.exec(proj4)?.[1];
  if (!proj || proj === 'geocent') throw unknown();
  return proj === 'longlat';
}

/** The GeoKeyDirectory for EPSG:`epsg`, keys in ascending order as the spec requires. */
export function geoKeysForEpsg(epsg: number): GeoKeyTags {
  const geographic = isGeographicEpsg(epsg);
  return {
    GeoKeyDirectory: [
      1, 1, 0, 3, // version 1.1.0, three keys
      GT_MODEL_TYPE, 0, 1, geographic ? MODEL_GEOGRAPHIC : MODEL_PROJECTED,
      GT_RASTER_TYPE, 0, 1, RASTER_PIXEL_IS_AREA,
      geographic ? GEOGRAPHIC_TYPE : PROJECTED_CS_TYPE, 0, 1, epsg,
    ],
  };
}
