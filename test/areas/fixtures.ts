/** Files the training-areas tests share: a small synthetic scene with its truth, and KML/GeoJSON written by hand. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLczMap } from '../../src/main/raster/read-lcz-map';
import type { LczMap } from '../../src/main/raster/lcz-map';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';

export interface Demo {
  dir: string;
  scene: string;
  truth: string;
  truthMap: LczMap;
}

/** The synthetic demo scene (size cells of 100 m across) and its truth, in a new temp folder. */
export async function makeDemo(size: number, seed = 42): Promise<Demo> {
  const dir = mkdtempSync(join(tmpdir(), 'lcz-areas-'));
  const { scenePath, truthPath } = await writeDemoScene(join(dir, 'demo'), { size, seed });
  return { dir, scene: scenePath, truth: truthPath, truthMap: await readLczMap(truthPath) };
}

/** A square of `sideDeg` degrees at (lon, lat) as a closed lon/lat ring. */
export function square(lon: number, lat: number, sideDeg: number): [number, number][] {
  return [
    [lon, lat],
    [lon + sideDeg, lat],
    [lon + sideDeg, lat + sideDeg],
    [lon, lat + sideDeg],
    [lon, lat],
  ];
}

export interface KmlPlacemark {
  name: string;
  /** Coordinates as KML writes them: "x,y[,z]" per point. */
  coordinates: string;
}

/** A KML document with the given folders (name -> placemarks), inside a city folder. */
export function kmlOf(folders: Record<string, KmlPlacemark[]>): string {
  const body = Object.entries(folders)
    .map(
      ([name, placemarks]) =>
        `<Folder><name>${name}</name>${placemarks
          .map((p) => `<Placemark><name>${p.name}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>${p.coordinates}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`)
          .join('')}</Folder>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>t</name><Folder><name>City</name>${body}</Folder></Document></kml>`;
}

export const ring = (points: readonly (readonly number[])[]): string => points.map((p) => p.join(',')).join(' ');

export function writeText(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
