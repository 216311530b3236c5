import proj4 from 'proj4';
import geokeysToProj4, { type GeoKeys as LibGeoKeys } from 'geotiff-geokeys-to-proj4';
import type { Crs } from '../../shared/contract/maps';
import { numberKey, parseGeoKeys, stringKey, type GeoKeys } from './geokeys';
import type { GeoKeyTags } from './lcz-map';

const USER_DEFINED = 32767;
const isEpsgCode = (code: number | undefined): code is number => code !== undefined && code > 0 && code < USER_DEFINED;

const PROJ_NAMES: Record<string, string> = {
  aea: 'Albers Equal Area',
  laea: 'Lambert Azimuthal Equal Area',
  lcc: 'Lambert Conformal Conic',
  tmerc: 'Transverse Mercator',
  utm: 'UTM',
  merc: 'Mercator',
  stere: 'Stereographic',
  sterea: 'Oblique Stereographic',
  omerc: 'Oblique Mercator',
  cea: 'Cylindrical Equal Area',
  eqc: 'Equirectangular',
  longlat: 'Geographic (longitude/latitude)',
};

/** A human name from the citation keys, including ESRI's "PCS Name = ..." and "ESRI PE String = PROJCS[...]" forms. */
function citationName(citation: string | undefined, esriKey: 'PCS' | 'GCS'): string | undefined {
  if (!citation) return undefined;
  const named = new RegExp(`${esriKey} Name = ([^|\\n]+)`).exec(citation);
  if (named?.[1]) return named[1].trim();
  const pe = /(?:PROJCS|GEOGCS)\["([^"]+)"/.exec(citation);
  if (pe?.[1]) return pe[1];
  // ERDAS IMAGINE writes a multi-line blurb; keep only its projection line if there is one.
  if (citation.includes('\n')) return /Projection Name = ([^\n]+)/.exec(citation)?.[1]?.trim();
  // GDAL writes "unknown" for CRSs it cannot name; a generated name says more.
  return /^(unknown|unnamed)$/i.test(citation) ? undefined : citation;
}

/** proj4 string for the keys, or null when geotiff-geokeys-to-proj4 cannot describe the CRS. */
function proj4FromKeys(keys: GeoKeys, geographic: boolean): string | null {
  let result;
  try {
    result = geokeysToProj4.toProj4(keys as unknown as LibGeoKeys);
  } catch {
    return null;
  }
  const { errors } = result;
  if (errors.CRSNotSupported || errors.conversionNotSupported || errors.coordinateTransformationNotSupported) return null;
  // The library emits +axis=ne for some CRSs (geographic, Albers, LAEA) although GeoTIFF coordinates are always x=east, y=north.
  let def = result.proj4.replace(/\s*\+axis=\w+/g, '').trim();
  const factor = result.coordinatesConversionParameters.x;
  if (result.shouldConvertCoordinates && factor !== 1) {
    // Angular units other than degrees have no proj4 spelling; refuse rather than misplace the map.
    if (geographic) return null;
    // User-defined CRS in feet etc.: the library expects callers to scale coordinates; fold that into the definition.
    if (!/\+to_meter=/.test(def)) def = def.replace(/\s*\+no_defs/, '') + ` +to_meter=${factor} +no_defs`;
  }
  try {
    proj4(def, 'EPSG:4326');
  } catch {
    return null;
  }
  return def;
}

/** The CRS of a GeoTIFF from its raw GeoKey tags: EPSG code when the file names one, a name, and a proj4 definition. */
export function crsFromGeoKeys(geoKeys: GeoKeyTags): Crs {
  const keys = parseGeoKeys(geoKeys);
  const model = numberKey(keys, 'GTModelTypeGeoKey');
  const pcs = numberKey(keys, 'ProjectedCSTypeGeoKey');
  const gcs = numberKey(keys, 'GeographicTypeGeoKey');
  // Model type 1 = projected, 2 = geographic; infer it from the CRS keys when a writer left it out.
  const geographic = model === 2 || (model === undefined && pcs === undefined && gcs !== undefined);
  // A projected CRS is named by its own code only: its base GCS code (4269 for a user-defined Albers) is not the map's CRS.
  const epsg = geographic ? (isEpsgCode(gcs) ? gcs : null) : isEpsgCode(pcs) ? pcs : null;
  const proj = model === 3 ? null : proj4FromKeys(keys, geographic);
  const citation = geographic
    ? citationName(stringKey(keys, 'GeogCitationGeoKey'), 'GCS') ?? citationName(stringKey(keys, 'GTCitationGeoKey'), 'GCS')
    : citationName(stringKey(keys, 'PCSCitationGeoKey'), 'PCS') ?? citationName(stringKey(keys, 'GTCitationGeoKey'), 'PCS');
  const projName = proj ? PROJ_NAMES[/\+proj=(\w+)/.exec(proj)?.[1] ?? ''] : undefined;
  const name = citation ?? (epsg !== null ? `EPSG:${epsg}` : projName ? `${projName} (user-defined)` : 'Unknown CRS');
  return { epsg, name, geographic, proj4: proj };
}

/** Metres per linear unit of a projected CRS (1 unless the proj4 definition says otherwise); null for geographic CRSs. */
export function metresPerUnit(crs: Crs): number | null {
  if (crs.geographic) return null;
  const def = crs.proj4 ?? '';
  const toMeter = /\+to_meter=([-+\d.eE]+)/.exec(def);
  if (toMeter?.[1]) return Number(toMeter[1]);
  const units = /\+units=([\w-]+)/.exec(def)?.[1];
  const known: Record<string, number> = { m: 1, km: 1000, ft: 0.3048, 'us-ft': 1200 / 3937, yd: 0.9144 };
  return units ? (known[units] ?? 1) : 1;
}
