/** Training areas from a file, whatever its format: told by its extension, and by its content for a .zip. */
import { extname } from 'node:path';
import type { AreaFormat, ImportedAreas } from '../../shared/contract/areas';
import { UserError } from '../../shared/errors';
import { readRegularFile } from '../files/input-file';
import { areasFromGeoJson, parseGeoJsonText } from './import-geojson';
import { areasFromKml, kmzText } from './import-kml';
import { areasFromShapefileZip } from './import-shapefile';
import { readZipEntries } from './zip-entries';

const FORMATS_HINT = 'training areas are read from KML or KMZ (the WUDAPT template), GeoJSON, or a zipped shapefile';

/** A .zip is a shapefile when it holds a .shp, a KMZ when it holds a .kml. */
async function zipFormat(data: Buffer, path: string): Promise<AreaFormat> {
  const names = [...(await readZipEntries(data, path, (n) => /\.(shp|kml)$/i.test(n))).keys()];
  if (names.some((n) => /\.shp$/i.test(n))) return 'shapefile';
  if (names.some((n) => /\.kml$/i.test(n))) return 'kmz';
  throw new UserError(`is a zip archive with neither a shapefile (.shp) nor a KML document inside; ${FORMATS_HINT}`, path);
}

export async function formatOf(path: string, data: Buffer): Promise<AreaFormat> {
  const ext = extname(path).toLowerCase();
  if (ext === '.kml') return 'kml';
  if (ext === '.kmz') return 'kmz';
  if (ext === '.geojson' || ext === '.json') return 'geojson';
  if (ext === '.zip') return zipFormat(data, path);
  throw new UserError(`has an extension (${ext || 'none'}) that says no known format; ${FORMATS_HINT}`, path);
}

export async function importAreas(path: string): Promise<ImportedAreas> {
  const data = await readRegularFile(path, { what: 'a file of training areas' });
  const format = await formatOf(path, data);
  switch (format) {
    case 'kml':
      return { path, format, areas: areasFromKml(data.toString('utf8'), path) };
    case 'kmz':
      return { path, format, areas: areasFromKml(await kmzText(data, path), path) };
    case 'geojson':
      return { path, format, areas: areasFromGeoJson(parseGeoJsonText(data.toString('utf8'), path), path) };
    case 'shapefile':
      return { path, format, areas: await areasFromShapefileZip(data, path) };
  }
}
