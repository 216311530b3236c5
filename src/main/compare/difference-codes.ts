import type { DifferenceCodes } from '../../shared/contract/compare';
import { hexToRgb, LCZ_CLASSES, LCZ_CLASS_COUNT } from '../../shared/lcz-classes';
import { palettedQgisStyle } from '../raster/export/qgis-style';
import { PAIR_AGREE, PAIR_NODATA, pairIndex } from './cross-tab';

/**
 * The codes of difference.tif, a Byte raster: 0 no data, 1 agreement, and one code per disagreeing pair
 * (class in A -> class in B). 17 x 16 = 272 ordered pairs do not fit in the 254 codes left, but a comparison rarely
 * holds more than a few dozen of them: every pair that occurs gets its own code, 2 upwards in (a, b) order, unless
 * more than 253 occur; then the 253 largest keep theirs and the rest share 255, "other". The table goes into
 * comparison.json, the colour table and the QGIS style. A pair is drawn in the colour of its class in B: the
 * difference map reads as map B, shown only where it departs from map A.
 */

const K = LCZ_CLASS_COUNT;
export const OTHER_CODE = 255;
const PAIR_CODES = OTHER_CODE - 2;
const AGREEMENT_COLOR = '#e6e6e6';
const OTHER_COLOR = '#ff00ff';

export interface DifferenceTable {
  codes: DifferenceCodes;
  /** Pair raster value (cross-tab.ts) -> difference code. */
  lookup: Uint8Array;
}

/** From the cross-tabulated cells ([(a - 1) * 17 + (b - 1)], rows A). */
export function differenceTable(cells: Float64Array): DifferenceTable {
  const pairs: { a: number; b: number; cells: number }[] = [];
  for (let a = 1; a <= K; a++) {
    for (let b = 1; b <= K; b++) {
      const n = cells[(a - 1) * K + (b - 1)]!;
      if (a !== b && n > 0) pairs.push({ a, b, cells: n });
    }
  }
  // Largest first to choose who keeps a code (ties by pair order, so the table is the same every run), then pair order.
  const kept = [...pairs].sort((x, y) => y.cells - x.cells || x.a - y.a || x.b - y.b).slice(0, PAIR_CODES);
  kept.sort((x, y) => x.a - y.a || x.b - y.b);
  const lookup = new Uint8Array(pairIndex(K, K) + 1).fill(OTHER_CODE);
  lookup[PAIR_NODATA] = 0;
  lookup[PAIR_AGREE] = 1;
  const coded = kept.map((p, i) => {
    lookup[pairIndex(p.a, p.b)] = 2 + i;
    return { code: 2 + i, ...p };
  });
  const rest = pairs.length - kept.length;
  const otherCells = pairs.reduce((n, p) => n + p.cells, 0) - kept.reduce((n, p) => n + p.cells, 0);
  return { codes: { nodata: 0, agreement: 1, pairs: coded, other: rest > 0 ? { code: OTHER_CODE, pairs: rest, cells: otherCells } : null }, lookup };
}

/** Maps pair raster values to difference codes in place of a Byte array. */
export function codeRows(pairs: ArrayLike<number>, lookup: Uint8Array, out: Uint8Array): void {
  for (let i = 0; i < pairs.length; i++) out[i] = lookup[pairs[i]!]!;
}

const lcz = (value: number) => LCZ_CLASSES[value - 1]!;

/** "LCZ 2 -> LCZ 6 (Compact mid-rise -> Open low-rise)". */
export function pairLabel(a: number, b: number): string {
  return `LCZ ${lcz(a).code} → LCZ ${lcz(b).code} (${lcz(a).name} → ${lcz(b).name})`;
}

function legend(codes: DifferenceCodes): { value: number; color: string; label: string }[] {
  return [
    { value: 1, color: AGREEMENT_COLOR, label: 'agreement' },
    ...codes.pairs.map((p) => ({ value: p.code, color: lcz(p.b).color, label: pairLabel(p.a, p.b) })),
    ...(codes.other ? [{ value: OTHER_CODE, color: OTHER_COLOR, label: `other pairs (${codes.other.pairs})` }] : []),
  ];
}

/** The 256-entry TIFF ColorMap (16 bits a channel); unused codes black. */
export function differenceColorMap(codes: DifferenceCodes): Uint16Array {
  const map = new Uint16Array(3 * 256);
  for (const { value, color } of legend(codes)) {
    const [r, g, b] = hexToRgb(color);
    map[value] = r * 257;
    map[256 + value] = g * 257;
    map[512 + value] = b * 257;
  }
  return map;
}

/** difference.qml: the legend QGIS shows for difference.tif. */
export function differenceQgisStyle(codes: DifferenceCodes): string {
  return palettedQgisStyle(legend(codes));
}
