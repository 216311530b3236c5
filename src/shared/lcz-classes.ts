/**
 * The 17 Local Climate Zones (Stewart & Oke 2012) with the standard WUDAPT colours.
 * Value is the raster value of an LCZ product (1-17); code is what people write (1-10, A-G).
 */
export interface LczClass {
  readonly value: number;
  readonly code: string;
  readonly name: string;
  readonly color: string;
  readonly urban: boolean;
}

const table: ReadonlyArray<readonly [string, string, string]> = [
  ['1', 'Compact high-rise', '#8c0000'],
  ['2', 'Compact mid-rise', '#d10000'],
  ['3', 'Compact low-rise', '#ff0000'],
  ['4', 'Open high-rise', '#bf4d00'],
  ['5', 'Open mid-rise', '#ff6600'],
  ['6', 'Open low-rise', '#ff9955'],
  ['7', 'Lightweight low-rise', '#faee05'],
  ['8', 'Large low-rise', '#bcbcbc'],
  ['9', 'Sparsely built', '#ffccaa'],
  ['10', 'Heavy industry', '#555555'],
  ['A', 'Dense trees', '#006a00'],
  ['B', 'Scattered trees', '#00aa00'],
  ['C', 'Bush, scrub', '#648525'],
  ['D', 'Low plants', '#b9db79'],
  ['E', 'Bare rock or paved', '#000000'],
  ['F', 'Bare soil or sand', '#fbf7ae'],
  ['G', 'Water', '#6a6aff'],
];

export const LCZ_CLASSES: readonly LczClass[] = table.map(([code, name, color], i) => ({
  value: i + 1,
  code,
  name,
  color,
  urban: i < 10,
}));

export const LCZ_CLASS_COUNT = 17;

export function lczClass(value: number): LczClass | undefined {
  return Number.isInteger(value) && value >= 1 && value <= LCZ_CLASS_COUNT ? LCZ_CLASSES[value - 1] : undefined;
}

/** "#rrggbb" to [r, g, b]. */
export function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
