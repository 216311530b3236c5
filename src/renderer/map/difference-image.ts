import type { DifferenceCodes } from '../../shared/contract/compare';
import { hexToRgb, LCZ_CLASSES } from '../../shared/lcz-classes';
import { AGREEMENT_ALPHA, HIGHLIGHT_COLOUR, OTHER_PAIRS_COLOUR, type DifferencePalette } from './difference-palette';

/**
 * Pure pictures of a comparison on A's display grid (no DOM: tested in Node). `codes` is difference.tif there (0 no
 * data, 1 agreement, 2-255 a disagreeing pair), `classes` A's classes on the same cells.
 */

const rgba = (hex: string, alpha = 1): number[] => [...hexToRgb(hex), Math.round(alpha * 255)];

/** Words in the platform's byte order, to write as Uint32. */
function words(colours: (number[] | null)[]): Uint32Array {
  const bytes = new Uint8Array(colours.length * 4);
  colours.forEach((c, i) => c && bytes.set(c, i * 4));
  return new Uint32Array(bytes.buffer);
}

/** The difference overlay: agreement faded in A's class colours, each disagreeing pair in its colour. */
export function paintDifference(codes: Uint8Array, classes: Uint8Array, palette: DifferencePalette): Uint8ClampedArray<ArrayBuffer> {
  const byCode = words(Array.from({ length: 256 }, (_, code) => (code < 2 ? null : rgba(palette.pairs.find((p) => p.code === code)?.color ?? OTHER_PAIRS_COLOUR))));
  const faded = words([null, ...LCZ_CLASSES.map((c) => rgba(c.color, AGREEMENT_ALPHA))]);
  const out = new Uint8ClampedArray(codes.length * 4);
  const pixels = new Uint32Array(out.buffer);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code === 1) pixels[i] = faded[classes[i]!] ?? 0;
    else if (code > 1) pixels[i] = byCode[code]!;
  }
  return out;
}

/** Which cells a cross-tab cell stands for: A's class and B's class there. */
export interface ClassPair {
  a: number;
  b: number;
}

/**
 * The cells of one pair in HIGHLIGHT_COLOUR, every other cell with data under a white veil, so they stand out on
 * either map. A pair that difference.tif folds into code 255 is found among those cells by A's class alone.
 */
export function paintHighlight(codes: Uint8Array, classes: Uint8Array, table: DifferenceCodes, pair: ClassPair): { rgba: Uint8ClampedArray<ArrayBuffer>; cells: number } {
  const code = pair.a === pair.b ? 1 : (table.pairs.find((p) => p.a === pair.a && p.b === pair.b)?.code ?? (table.other ? table.other.code : -1));
  const colours = words([rgba(HIGHLIGHT_COLOUR), rgba('#ffffff', 0.6)]);
  const hit = colours[0]!;
  const veil = colours[1]!;
  const out = new Uint8ClampedArray(codes.length * 4);
  const pixels = new Uint32Array(out.buffer);
  let cells = 0;
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] === 0) continue;
    const match = codes[i] === code && classes[i] === pair.a;
    pixels[i] = match ? hit : veil;
    if (match) cells++;
  }
  return { rgba: out, cells };
}
