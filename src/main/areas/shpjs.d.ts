/** The part of shpjs (no types of its own) that LCZ Studio uses. */
declare module 'shpjs' {
  /** GeoJSON FeatureCollection(s) of the shapefile(s) in a zip, reprojected to WGS 84 by their .prj. */
  export function parseZip(buffer: ArrayBuffer | Uint8Array): Promise<unknown>;
}
