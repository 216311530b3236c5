/**
 * The city's 100 m class grid as the scene renderer uses it, with what each cell needs to know about its
 * neighbours, worked out once: whether they all share its class (then its pixels skip the boundary warp, whose
 * reach is under one cell, and give the same result), how far shadows of nearby buildings can reach into it,
 * and whether it lies in or beside the built-up area (bare ground there is pavement, elsewhere rock).
 */
import { MAX_HEIGHT_M } from './urban-forms';

/** Shadow length per metre of building height, in 10 m pixels, for a sun 40 degrees above the horizon. */
export const SHADOW_PX_PER_M = 1 / (10 * Math.tan((40 * Math.PI) / 180));

export const PIXELS_PER_CELL = 10;

export class SceneCells {
  /** 1 where the cell and its eight neighbours share one class. */
  readonly uniform: Uint8Array;
  /** Pixels a shadow of a building within two cells can reach (0: no shadows to look for). */
  readonly shadowReach: Uint8Array;
  /** 1 where a built-up cell (LCZ 1-10) lies within two cells. */
  readonly nearUrban: Uint8Array;

  constructor(
    readonly size: number,
    readonly classes: Uint8Array,
  ) {
    const n = size * size;
    this.uniform = new Uint8Array(n);
    this.shadowReach = new Uint8Array(n);
    this.nearUrban = new Uint8Array(n);
    for (let cy = 0; cy < size; cy++) {
      for (let cx = 0; cx < size; cx++) {
        const own = classes[cy * size + cx]!;
        let uniform = 1;
        let reach = 0;
        let urban = 0;
        for (let dy = -2; dy <= 2; dy++) {
          for (let dx = -2; dx <= 2; dx++) {
            const c = this.classAt(cx + dx, cy + dy);
            if (Math.abs(dx) <= 1 && Math.abs(dy) <= 1 && c !== own) uniform = 0;
            if (c >= 1 && c <= 10) {
              urban = 1;
              reach = Math.max(reach, Math.ceil(MAX_HEIGHT_M[c]! * SHADOW_PX_PER_M));
            }
          }
        }
        const i = cy * size + cx;
        this.uniform[i] = uniform;
        this.shadowReach[i] = reach;
        this.nearUrban[i] = urban;
      }
    }
  }

  /** The class of a cell; cells beyond the edge repeat the edge (the scene has no nodata border). */
  classAt(cx: number, cy: number): number {
    const x = cx < 0 ? 0 : cx >= this.size ? this.size - 1 : cx;
    const y = cy < 0 ? 0 : cy >= this.size ? this.size - 1 : cy;
    return this.classes[y * this.size + x]!;
  }
}
