/**
 * Which output cell each scene pixel falls in (by its centre), row by row. On the scene's own CRS (the output grid of
 * a projected scene: output-grid.ts) that is two lookup tables, one per axis; on another CRS (a geographic scene on its
 * UTM grid) each pixel centre is projected.
 */
import type { OutputGrid } from '../mapping/output-grid';
import { converter, crsToPixel, pixelToCrs } from '../raster/projection';
import type { SceneFile } from '../scenes/scene-file';

export interface PixelCells {
  /** Writes the cell index (-1: off the grid) of every pixel of scene row `row` into `out` (scene width long). */
  row(row: number, out: Int32Array): void;
}

export function pixelCells(scene: SceneFile, grid: OutputGrid): PixelCells {
  const { width } = scene;
  const cellOf = (gx: number, gy: number): number => {
    const c = Math.floor(gx);
    const r = Math.floor(gy);
    return c >= 0 && c < grid.width && r >= 0 && r < grid.height ? r * grid.width + c : -1;
  };
  const gt = scene.geoTransform;
  if (grid.crs.proj4 === scene.crs.proj4 && gt[2] === 0 && gt[4] === 0) {
    const cols = new Float64Array(width);
    for (let x = 0; x < width; x++) cols[x] = crsToPixel(grid.geoTransform, gt[0] + (x + 0.5) * gt[1], 0)[0];
    return {
      row(row, out) {
        const gy = crsToPixel(grid.geoTransform, 0, gt[3] + (row + 0.5) * gt[5])[1];
        for (let x = 0; x < width; x++) out[x] = cellOf(cols[x]!, gy);
      },
    };
  }
  const toGrid = converter(scene.crs.proj4!, grid.crs.proj4);
  return {
    row(row, out) {
      for (let x = 0; x < width; x++) {
        const [gx, gy] = toGrid.forward(pixelToCrs(gt, x + 0.5, row + 0.5)) as [number, number];
        const [c, r] = crsToPixel(grid.geoTransform, gx, gy);
        out[x] = Number.isFinite(c) && Number.isFinite(r) ? cellOf(c, r) : -1;
      }
    },
  };
}
