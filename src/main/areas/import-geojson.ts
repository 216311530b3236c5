/**
 * Training areas from GeoJSON (and from shapefiles, which shpjs turns into GeoJSON): one feature per area, its class
 * in an attribute (lcz, class, code... see class-folders.ts), coordinates in WGS 84 longitude/latitude as RFC 7946
 * requires. A file in another CRS (the old "crs" member, or projected numbers) is refused with its name.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { TrainingArea } from '../../shared/contract/areas';
import { UserError } from '../../shared/errors';
import { areaPolygons, FeatureProblems } from './area-polygons';
import { CLASS_ATTRIBUTES, lczFromName } from './class-folders';

/** CRS names of the 2008 GeoJSON "crs" member that mean longitude/latitude on WGS 84. */
const WGS84_NAMES = /^(urn:ogc:def:crs:OGC:1\.3:CRS84|urn:ogc:def:crs:EPSG::4326|EPSG:4326|CRS84)$/i;

export function parseGeoJsonText(text: string, path: string): unknown {
  if (text.trim() === '') throw new UserError('is empty: a GeoJSON file of training areas was expected', path);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UserError(`is not valid GeoJSON: its JSON is malformed (${error instanceof Error ? error.message : String(error)})`, path);
  }
}

function featuresOf(json: unknown, path: string): Feature<Geometry | null>[] {
  const object = json as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } } | null;
  if (!object || typeof object !== 'object') throw new UserError('is not GeoJSON (it is not a JSON object)', path);
  const crs = object.crs?.properties?.name;
  if (crs !== undefined && !WGS84_NAMES.test(String(crs))) {
    throw new UserError(`is in another CRS (${String(crs)}); GeoJSON training areas must be in WGS 84 longitude/latitude (EPSG:4326), as RFC 7946 requires: reproject the file`, path);
  }
  if (object.type === 'FeatureCollection' && Array.isArray(object.features)) return (object as FeatureCollection<Geometry | null>).features;
  if (object.type === 'Feature') return [object as Feature<Geometry | null>];
  throw new UserError(`is not a GeoJSON FeatureCollection or Feature (its type is ${JSON.stringify(object.type ?? null)})`, path);
}

/** The class an attribute of the feature names, and which attribute; null when none does. */
function classOf(properties: Record<string, unknown> | null): { lcz: number | null; attribute: string | null } {
  for (const key of CLASS_ATTRIBUTES) {
    const value = properties?.[key];
    if (value === undefined || value === null || value === '') continue;
    return { lcz: lczFromName(value as string | number), attribute: key };
  }
  return { lcz: null, attribute: null };
}

/** Training areas of a GeoJSON object (a FeatureCollection or one Feature); one UserError lists every bad feature. */
export function areasFromGeoJson(json: unknown, path: string): TrainingArea[] {
  const features = featuresOf(json, path);
  const areas: TrainingArea[] = [];
  const problems = new FeatureProblems();
  // Features' own ids name the areas when they are all there and distinct (a set saved by LCZ Studio keeps its ids).
  const ids = features.map((f) => (f.id === undefined || f.id === null ? '' : String(f.id)));
  const ownIds = ids.every((id) => id !== '') && new Set(ids).size === ids.length;
  features.forEach((feature, index) => {
    const properties = (feature.properties ?? null) as Record<string, unknown> | null;
    const rawName = properties?.['name'] ?? properties?.['Name'] ?? feature.id ?? '';
    const name = String(rawName).trim();
    const label = `feature ${index + 1}${name ? ` ("${name}")` : ''}`;
    const { lcz, attribute } = classOf(properties);
    if (lcz === null) {
      problems.add(
        label,
        attribute
          ? `names no LCZ class in its attribute "${attribute}" (${JSON.stringify(properties?.[attribute])}); use 1-10 or A-G (11-17 and 101-107 are read too)`
          : `has no class attribute; give each feature an attribute "lcz" of 1-10 or A-G`,
      );
      return;
    }
    const made = areaPolygons(feature.geometry);
    if ('problem' in made) {
      problems.add(label, made.problem);
      return;
    }
    const id = ownIds ? ids[index]! : String(index + 1);
    made.polygons.forEach((geometry, part) => areas.push({ id: made.polygons.length > 1 ? `${id}.${part + 1}` : id, lcz, name, geometry }));
  });
  const message = problems.message();
  if (message) throw new UserError(message, path);
  if (areas.length === 0) throw new UserError('holds no training areas (no feature with a polygon)', path);
  return areas;
}
