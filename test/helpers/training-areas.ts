/**
 * Training areas as a planner draws them, sampled from a true LCZ map (the synthetic demo's): for each class, a few
 * polygons well inside homogeneous regions (every cell under the polygon and one cell around it of that class), spread
 * over the city, outlines a little irregular. Written as KML in the WUDAPT template by hand (not by our exporter, so
 * the importer is tested against a file it did not write): Document, a folder for the city, one folder per class named
 * 1-10 / A-G, placemarks with clamped-to-ground polygons and Google Earth's ",0" altitudes.
 */
import { writeFileSync } from 'node:fs';
import proj4 from 'proj4';
import type { LczMap } from '../../src/main/raster/lcz-map';
import { LCZ_CLASSES } from '../../src/shared/lcz-classes';

export interface SampledArea {
  lcz: number;
  name: string;
  /** Outer ring, lon/lat, closed. */
  ring: [number, number][];
  /** Cells (row * width + col) of the truth map under the polygon. */
  cells: number[];
}

export interface SampleOptions {
  /** Polygons wanted per class (fewer where the map has fewer homogeneous places; classes with under 3 are left out). */
  perClass?: number;
  /** Polygon side in cells: from min to max (rectangles, then jittered inwards). */
  minSide?: number;
  maxSide?: number;
  seed?: number;
  /** Classes to leave out. */
  skip?: number[];
  /** Share of the ring of cells around a polygon that must be of its class (default 0.75). */
  ringShare?: number;
  /** Least distance in cells between polygons of a class (default 6). */
  spacing?: number;
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Samples polygons from `truth` (a projected map, such as the demo's UTM truth). */
export function sampleTrainingAreas(truth: LczMap, options: SampleOptions = {}): SampledArea[] {
  const { width, height, classes, geoTransform: gt } = truth;
  const perClass = options.perClass ?? 5;
  const [minSide, maxSide] = [options.minSide ?? 1, options.maxSide ?? 3];
  const rnd = random(options.seed ?? 7);
  const toLonLat = proj4(truth.crs.proj4!, 'EPSG:4326');
  const at = (r: number, c: number) => (r >= 0 && r < height && c >= 0 && c < width ? classes[r * width + c]! : 0);
  /** Every cell of the rectangle is `lcz`, and most of the ring of cells around it (a planner keeps off the edges). */
  const homogeneous = (r0: number, c0: number, h: number, w: number, lcz: number) => {
    let ring = 0;
    let same = 0;
    for (let r = r0 - 1; r <= r0 + h; r++) {
      for (let c = c0 - 1; c <= c0 + w; c++) {
        const inside = r >= r0 && r < r0 + h && c >= c0 && c < c0 + w;
        if (inside && at(r, c) !== lcz) return false;
        if (inside) continue;
        ring++;
        if (at(r, c) === lcz) same++;
      }
    }
    return same >= (options.ringShare ?? 0.75) * ring;
  };
  const areas: SampledArea[] = [];
  for (const cls of LCZ_CLASSES) {
    if (options.skip?.includes(cls.value)) continue;
    const chosen: SampledArea[] = [];
    const taken: [number, number][] = [];
    for (let attempt = 0; attempt < 4000 && chosen.length < perClass; attempt++) {
      const h = minSide + Math.floor(rnd() * (maxSide - minSide + 1));
      const w = minSide + Math.floor(rnd() * (maxSide - minSide + 1));
      const r0 = 1 + Math.floor(rnd() * (height - h - 2));
      const c0 = 1 + Math.floor(rnd() * (width - w - 2));
      if (!homogeneous(r0, c0, h, w, cls.value)) continue;
      // Spread over the city: apart from the other polygons of the class.
      if (taken.some(([r, c]) => Math.hypot(r - r0, c - c0) < (options.spacing ?? 6))) continue;
      taken.push([r0, c0]);
      // Corners pulled inwards by up to a quarter cell, so the outline is irregular but covers every cell centre.
      const j = () => 0.05 + rnd() * 0.2;
      const corners: [number, number][] = [
        [c0 + j(), r0 + j()],
        [c0 + w - j(), r0 + j()],
        [c0 + w - j(), r0 + h - j()],
        [c0 + j(), r0 + h - j()],
      ];
      const ring = corners.map(([c, r]) => toLonLat.forward([gt[0] + c * gt[1], gt[3] + r * gt[5]]) as [number, number]);
      ring.push(ring[0]!);
      const cells: number[] = [];
      for (let r = r0; r < r0 + h; r++) for (let c = c0; c < c0 + w; c++) cells.push(r * width + c);
      chosen.push({ lcz: cls.value, name: `${cls.name} ${chosen.length + 1}`, ring, cells });
    }
    if (chosen.length >= 3) areas.push(...chosen);
  }
  return areas;
}

/** The KML of areas in the WUDAPT template, written by hand. */
export function templateKml(areas: readonly SampledArea[], city = 'Synthetic city'): string {
  const folders = LCZ_CLASSES.filter((c) => areas.some((a) => a.lcz === c.value)).map((c) => {
    const placemarks = areas
      .filter((a) => a.lcz === c.value)
      .map(
        (a) => `        <Placemark>
          <name>${a.name}</name>
          <styleUrl>#lcz${c.code}</styleUrl>
          <Polygon>
            <tessellate>1</tessellate>
            <outerBoundaryIs><LinearRing><coordinates>
              ${a.ring.map(([x, y]) => `${x.toFixed(7)},${y.toFixed(7)},0`).join(' ')}
            </coordinates></LinearRing></outerBoundaryIs>
          </Polygon>
        </Placemark>`,
      );
    return `      <Folder>\n        <name>${c.code}</name>\n${placemarks.join('\n')}\n      </Folder>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2">
<Document>
  <name>${city} training areas</name>
  <Folder>
    <name>${city}</name>
${folders.join('\n')}
  </Folder>
</Document>
</kml>
`;
}

export function writeTemplateKml(path: string, areas: readonly SampledArea[], city?: string): void {
  writeFileSync(path, templateKml(areas, city));
}
