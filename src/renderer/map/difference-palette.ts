import type { DifferenceCodes } from '../../shared/contract/compare';

/**
 * How the Compare view colours the disagreement: the pairs (class in A -> class in B) with the most cells each get
 * a colour of their own, in a categorical palette unlike the LCZ colours (so a pair never reads as a class); the
 * rest share one dark colour. difference.tif's own colour table draws a pair in B's class colour instead (a file a
 * GIS shows alone); on screen, beside both maps, the pair itself is what needs telling apart.
 */

/** Observable's Tableau 10 without its grey, yellow and pink, which sit too close to LCZ 8, 7 and 9. */
const PAIR_COLOURS = ['#4e79a7', '#f28e2c', '#e15759', '#76b7b2', '#59a14f', '#af7aa1', '#9c755f'] as const;
export const OTHER_PAIRS_COLOUR = '#6b7280';
/** Selected cells (a cross-tab cell, a legend row): a colour neither the LCZ palette nor the pairs use. */
export const HIGHLIGHT_COLOUR = '#ff00ff';
/** Agreeing cells show A's class this opaque: there, but in the background. */
export const AGREEMENT_ALPHA = 0.3;

export interface PairColour {
  code: number;
  a: number;
  b: number;
  cells: number;
  color: string;
}

export interface DifferencePalette {
  /** The pairs with a colour of their own, most cells first. */
  pairs: PairColour[];
  /** Pairs (and their cells) drawn in OTHER_PAIRS_COLOUR: the smaller pairs and those difference.tif codes 255. */
  other: { pairs: number; cells: number };
}

export function differencePalette(codes: DifferenceCodes): DifferencePalette {
  const ranked = [...codes.pairs].sort((x, y) => y.cells - x.cells || x.code - y.code);
  const own = ranked.slice(0, PAIR_COLOURS.length);
  const rest = ranked.slice(PAIR_COLOURS.length);
  return {
    pairs: own.map((p, i) => ({ ...p, color: PAIR_COLOURS[i]! })),
    other: {
      pairs: rest.length + (codes.other?.pairs ?? 0),
      cells: rest.reduce((n, p) => n + p.cells, 0) + (codes.other?.cells ?? 0),
    },
  };
}
