/**
 * Training areas on the output grid: the cells whose centre lies in each polygon (the cell holding the polygon's
 * centroid when it covers no cell centre), after the generator's rule for very large polygons (0.3 km² or more: a
 * 300 m circle around the centroid instead, so one big field does not outweigh every other area). A cell claimed by
 * areas of different classes is left out of training; one claimed twice by the same class counts once, for the first.
 */
import turfArea from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import centroid from '@turf/centroid';
import circle from '@turf/circle';
import type { AreaPolygon, TrainingArea } from '../../shared/contract/areas';
import type { OutputGrid } from '../mapping/output-grid';
import { converter, crsToPixel } from '../raster/projection';
import { polygonBounds } from './area-polygons';

/** The generator's rule: polygons this large (m²) are replaced by a circle of BUFFER_M around their centroid. */
export const LARGE_AREA_M2 = 300_000;
export const BUFFER_M = 300;

const WGS84 = '+proj=longlat +datum=WGS84 +no_defs';

export interface AreaCells {
  area: TrainingArea;
  /** The polygon used: the area's own, or its centroid's circle when it was large. */
  used: AreaPolygon;
  buffered: boolean;
  areaM2: number;
  /** Cells (row * width + col) it gives for training, conflicts removed. */
  cells: Int32Array;
  /** Share of its outline's points off the grid: 1 when it does not touch the scene at all. */
  outsideShare: number;
  /** It covered no cell centre and was given the cell of its centroid. */
  centroidCell: boolean;
  bounds: [number, number, number, number];
}

export interface AreasOnGrid {
  areas: AreaCells[];
  /** Pairs of areas of different classes that claimed the same cells, and how many. */
  conflicts: { a: string; b: string; cells: number }[];
}

export function areasOnGrid(areas: readonly TrainingArea[], grid: OutputGrid): AreasOnGrid {
  const toGrid = converter(WGS84, grid.crs.proj4);
  const owner = new Int32Array(grid.width * grid.height).fill(-1);
  const conflicts = new Map<string, { a: string; b: string; cells: number }>();
  const raw: { cells: number[]; info: Omit<AreaCells, 'cells'> }[] = areas.map((area, index) => {
    const areaM2 = turfArea(area.geometry);
    const buffered = areaM2 >= LARGE_AREA_M2;
    const used: AreaPolygon = buffered ? (circle(centroid(area.geometry), BUFFER_M / 1000, { steps: 64, units: 'kilometers' }).geometry as AreaPolygon) : area.geometry;
    const rings = used.coordinates.map((ring) => ring.map(([x, y]) => crsToPixel(grid.geoTransform, ...(toGrid.forward([x, y]) as [number, number]))));
    const projected = { type: 'Polygon' as const, coordinates: rings };
    const outer = rings[0]!;
    const off = outer.filter(([c, r]) => !(c >= 0 && c <= grid.width && r >= 0 && r <= grid.height)).length / outer.length;
    const cells: number[] = [];
    const [c0, c1] = [Math.max(0, Math.floor(Math.min(...outer.map((p) => p[0])))), Math.min(grid.width - 1, Math.ceil(Math.max(...outer.map((p) => p[0]))))];
    const [r0, r1] = [Math.max(0, Math.floor(Math.min(...outer.map((p) => p[1])))), Math.min(grid.height - 1, Math.ceil(Math.max(...outer.map((p) => p[1]))))];
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) if (booleanPointInPolygon([c + 0.5, r + 0.5], projected)) cells.push(r * grid.width + c);
    let centroidCell = false;
    if (cells.length === 0) {
      const [cx, cy] = centroid(projected).geometry.coordinates as [number, number];
      const [c, r] = [Math.floor(cx), Math.floor(cy)];
      if (c >= 0 && c < grid.width && r >= 0 && r < grid.height) {
        cells.push(r * grid.width + c);
        centroidCell = true;
      }
    }
    for (const cell of cells) {
      const other = owner[cell]!;
      if (other === -1) owner[cell] = index;
      else if (other >= 0 && areas[other]!.lcz !== area.lcz) {
        owner[cell] = -2; // claimed by two classes: nobody's
        const key = `${other}:${index}`;
        const entry = conflicts.get(key) ?? { a: areas[other]!.id, b: area.id, cells: 0 };
        entry.cells++;
        conflicts.set(key, entry);
      }
    }
    return { cells, info: { area, used, buffered, areaM2, outsideShare: off, centroidCell, bounds: polygonBounds([area.geometry]) } };
  });
  const result = raw.map(({ cells, info }, index) => ({ ...info, cells: Int32Array.from(cells.filter((cell) => owner[cell] === index)) }));
  return { areas: result, conflicts: [...conflicts.values()] };
}
