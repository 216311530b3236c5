/**
 * An LCZ label raster on the output grid, by mode: each 100 m cell is sampled on a regular grid of points (10 x 10 by
 * default: every pixel of a 10 m label raster aligned with the grid), each point read from the label raster in its own
 * CRS, and the cell takes the most frequent class (ties: the lowest LCZ value, as numpy's argmax of a bincount).
 * Classes are never averaged. The cell's purity is the share of its points that are that class; no-data points count
 * against it, so a cell half over no data is as mixed as one half over another class.
 */
import { LCZ_CLASS_COUNT } from '../../../shared/lcz-classes';
import type { OutputGrid } from '../../mapping/output-grid';
import type { LczMap } from '../../raster/lcz-map';
import { converter, crsToPixel, mapProj4 } from '../../raster/projection';

export interface CellLabels {
  /** 0: no class (every point no data); 1-17. */
  labels: Uint8Array;
  purity: Float64Array;
}

export function cellLabels(grid: OutputGrid, map: LczMap, pointsPerSide = 10): CellLabels {
  const cells = grid.width * grid.height;
  const labels = new Uint8Array(cells);
  const purity = new Float64Array(cells); // float64: 90 / 100 must compare >= 0.9
  const same = mapProj4(map) === grid.crs.proj4;
  const toMap = same ? null : converter(grid.crs.proj4, mapProj4(map));
  const counts = new Int32Array(LCZ_CLASS_COUNT + 1);
  const [gx0, res, , gy0, , resY] = grid.geoTransform;
  const n = pointsPerSide * pointsPerSide;
  for (let r = 0; r < grid.height; r++) {
    for (let c = 0; c < grid.width; c++) {
      counts.fill(0);
      for (let i = 0; i < pointsPerSide; i++) {
        for (let j = 0; j < pointsPerSide; j++) {
          const x = gx0 + (c + (j + 0.5) / pointsPerSide) * res;
          const y = gy0 + (r + (i + 0.5) / pointsPerSide) * resY;
          const [mx, my] = toMap ? (toMap.forward([x, y]) as [number, number]) : [x, y];
          const [pc, pr] = crsToPixel(map.geoTransform, mx, my);
          const col = Math.floor(pc);
          const row = Math.floor(pr);
          counts[col >= 0 && col < map.width && row >= 0 && row < map.height ? map.classes[row * map.width + col]! : 0]!++;
        }
      }
      let best = 0;
      for (let k = 1; k <= LCZ_CLASS_COUNT; k++) if (counts[k]! > (best ? counts[best]! : 0)) best = k;
      const cell = r * grid.width + c;
      labels[cell] = best;
      purity[cell] = best ? counts[best]! / n : 0;
    }
  }
  return { labels, purity };
}
