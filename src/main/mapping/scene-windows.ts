import type { OutputGrid } from './output-grid';
import { cellOnScene, cellPatch, patchRows, type CellPatch, type PatchSpec } from './patch-geometry';

/**
 * How a scene is walked for mapping: output rows in chunks, each chunk's patches computed first, then the one window
 * of scene rows they all read. Shared by the mapping engine and the tools that cut training patches.
 */

/** Raw values in one window read: about 16 M samples (32 MB of UInt16), whatever the scene's size. Mapping holds two (one read ahead) and one normalised copy. */
export const WINDOW_SAMPLES = 16 * 1024 * 1024;

/** The patches of output rows [r0, r1) for one model, row-major; windowRowsFor() nulls those wholly off the scene. */
export function chunkPatches(grid: OutputGrid, toScene: (x: number, y: number) => [number, number], spec: PatchSpec, r0: number, r1: number): (CellPatch | null)[] {
  const out = new Array<CellPatch | null>((r1 - r0) * grid.width);
  for (let r = r0; r < r1; r++) for (let c = 0; c < grid.width; c++) out[(r - r0) * grid.width + c] = cellPatch(grid, toScene, spec, r, c);
  return out;
}

/** The scene rows every patch of a chunk reads, clipped to the scene; null when no cell is on the scene. */
export function windowRowsFor(grid: OutputGrid, patches: (CellPatch | null)[][], specs: readonly PatchSpec[], width: number, height: number): [number, number] | null {
  let top = Infinity;
  let bottom = -Infinity;
  specs.forEach((spec, m) => {
    const list = patches[m]!;
    for (let i = 0; i < list.length; i++) {
      const patch = list[i]!;
      if (!cellOnScene(patch, spec.size, grid.resolutionM / spec.resolutionM, width, height)) {
        list[i] = null;
        continue;
      }
      const [a, b] = patchRows(patch, spec.size);
      top = Math.min(top, a);
      bottom = Math.max(bottom, b);
    }
  });
  if (!Number.isFinite(top)) return null;
  return [Math.max(0, top), Math.min(height, bottom + 1)];
}

/** Output rows per window so that one window of the bands needed stays near WINDOW_SAMPLES raw values. */
export function outputRowsPerWindow(grid: OutputGrid, sceneWidth: number, pixelM: number, bands: number, specs: readonly PatchSpec[]): number {
  const cellRows = grid.resolutionM / pixelM;
  const span = Math.max(...specs.map((spec) => (spec.size * spec.resolutionM) / pixelM)) + 2;
  const budgetRows = Math.floor(WINDOW_SAMPLES / Math.max(1, sceneWidth * bands));
  return Math.max(1, Math.floor((budgetRows - span) / Math.max(cellRows, 1e-9)));
}
