/**
 * The LCZ class a training-area folder (KML) or attribute (GeoJSON, shapefile) names, as the WUDAPT template and
 * files in the wild write it: 1-10 and A-G, the numeric codes 11-17 for A-G, and the legacy 101-107; with an "LCZ"
 * prefix or not ("LCZ 2", "lcz_A"), any case.
 */
import { LCZ_CLASSES, LCZ_CLASS_COUNT } from '../../shared/lcz-classes';

const NAMED = /^(?:lcz[\s_-]*)?([0-9]{1,3}|[a-g])$/i;

/** The LCZ value (1-17) a folder name or attribute value names, or null when it names no class. */
export function lczFromName(name: string | number | null | undefined): number | null {
  if (typeof name === 'number') return lczFromNumber(name);
  if (typeof name !== 'string') return null;
  const match = NAMED.exec(name.trim());
  if (!match) return null;
  const code = match[1]!;
  if (/^[a-g]$/i.test(code)) return 11 + code.toUpperCase().charCodeAt(0) - 'A'.charCodeAt(0);
  return lczFromNumber(Number(code));
}

function lczFromNumber(n: number): number | null {
  if (!Number.isInteger(n)) return null;
  if (n >= 1 && n <= LCZ_CLASS_COUNT) return n;
  if (n >= 101 && n <= 107) return n - 90; // legacy A-G
  return null;
}

/** The folder name the WUDAPT template gives a class: 1-10, A-G. */
export function folderName(lcz: number): string {
  return LCZ_CLASSES[lcz - 1]!.code;
}

/** "LCZ 2 (Compact mid-rise)", for messages. */
export function classLabel(lcz: number): string {
  const c = LCZ_CLASSES[lcz - 1]!;
  return `LCZ ${c.code} (${c.name})`;
}

/** Attributes a GeoJSON feature or shapefile record may name its class by, first found wins. */
export const CLASS_ATTRIBUTES = ['lcz', 'LCZ', 'Lcz', 'class', 'Class', 'CLASS', 'lcz_class', 'LCZ_CLASS', 'lczclass', 'code', 'Code', 'CODE'] as const;
