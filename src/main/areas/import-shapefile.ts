/**
 * Training areas from a zipped shapefile (.shp, .dbf, and .prj for its CRS): read by shpjs, which reprojects to WGS 84
 * with the .prj; the records then go through the GeoJSON importer (class attribute, polygons, checks). Without a .prj
 * projected coordinates are refused there as "another CRS".
 */
import { parseZip } from 'shpjs';
import type { TrainingArea } from '../../shared/contract/areas';
import { UserError } from '../../shared/errors';
import { areasFromGeoJson } from './import-geojson';

export async function areasFromShapefileZip(data: Buffer, path: string): Promise<TrainingArea[]> {
  let parsed: unknown;
  try {
    parsed = await parseZip(data);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new UserError(`is not a readable zipped shapefile (${/no layers/.test(detail) ? 'no .shp inside' : detail})`, path);
  }
  const layers = Array.isArray(parsed) ? parsed : [parsed];
  if (layers.length > 1) throw new UserError(`holds ${layers.length} layers; zip one shapefile of training areas`, path);
  return areasFromGeoJson(layers[0], path);
}
