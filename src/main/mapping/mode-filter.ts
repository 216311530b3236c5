import { LCZ_CLASS_COUNT } from '../../shared/lcz-classes';

/**
 * A 3 x 3 majority (mode) filter of a class map: removes isolated cells, as the WUDAPT LCZ Generator's
 * post-classification filter does. A cell keeps its class when it ties for the majority; no-data cells (0) neither
 * vote nor change.
 */
export function modeFilter(classes: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(classes.length);
  const counts = new Uint8Array(LCZ_CLASS_COUNT + 1);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const own = classes[r * width + c]!;
      if (own === 0) continue;
      counts.fill(0);
      for (let dr = -1; dr <= 1; dr++) {
        const rr = r + dr;
        if (rr < 0 || rr >= height) continue;
        for (let dc = -1; dc <= 1; dc++) {
          const cc = c + dc;
          if (cc < 0 || cc >= width) continue;
          counts[classes[rr * width + cc]!]!++;
        }
      }
      let best = own;
      for (let k = 1; k <= LCZ_CLASS_COUNT; k++) if (counts[k]! > counts[best]!) best = k;
      out[r * width + c] = best;
    }
  }
  return out;
}
