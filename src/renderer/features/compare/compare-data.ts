import type { Comparison } from '../../../shared/contract';
import { LCZ_CLASSES, type LczClass } from '../../../shared/lcz-classes';

/** The numbers of a comparison shaped for the Compare view's charts and table. Pure: tested in Node. */

/** Classes that hold a compared cell in A or in B: the rows and columns worth showing. */
export function presentClasses(c: Pick<Comparison, 'crossTab'>): LczClass[] {
  return LCZ_CLASSES.filter((lcz) => {
    const i = lcz.value - 1;
    return c.crossTab[i]!.some((n) => n > 0) || c.crossTab.some((row) => row[i]! > 0);
  });
}

export interface CrossTabCell {
  /** Class values in A (row) and B (column). */
  a: number;
  b: number;
  aCode: string;
  bCode: string;
  cells: number;
  km2: number;
  /** Share of the compared cells. */
  share: number;
  label: string;
}

/** The cross-tabulation over the present classes, A down and B across. */
export function crossTabCells(c: Pick<Comparison, 'crossTab' | 'crossTabKm2' | 'cells'>): { codes: string[]; cells: CrossTabCell[] } {
  const present = presentClasses(c);
  const total = c.cells.compared;
  const cells = present.flatMap((a) =>
    present.map((b) => {
      const n = c.crossTab[a.value - 1]![b.value - 1]!;
      const km2 = c.crossTabKm2[a.value - 1]![b.value - 1]!;
      const where = a.value === b.value ? `both ${a.code} ${a.name}` : `A ${a.code} ${a.name}, B ${b.code} ${b.name}`;
      return {
        a: a.value,
        b: b.value,
        aCode: a.code,
        bCode: b.code,
        cells: n,
        km2,
        share: total > 0 ? n / total : 0,
        label: `${where}: ${n.toLocaleString('en-US')} cells (${km2.toFixed(2)} km²)`,
      };
    }),
  );
  return { codes: present.map((lcz) => lcz.code), cells };
}

export interface AreaBar {
  code: string;
  color: string;
  map: 'A' | 'B';
  km2: number;
  percent: number;
}

/** Each present class's area in A and in B (km², % of the compared area). */
export function areaBars(c: Pick<Comparison, 'crossTab' | 'areaKm2' | 'areaPercent'>): AreaBar[] {
  return presentClasses(c).flatMap((lcz) =>
    (['A', 'B'] as const).map((map) => {
      const side = map === 'A' ? 'a' : 'b';
      return { code: lcz.code, color: lcz.color, map, km2: c.areaKm2[side][lcz.value - 1]!, percent: c.areaPercent[side][lcz.value - 1]! };
    }),
  );
}

export interface PontiusPart {
  part: 'Agreement' | 'Quantity' | 'Allocation';
  share: number;
  /** Where the part starts and ends along the bar (0-1): agreement, then the two disagreements. */
  from: number;
  to: number;
  color: string;
}

/** One bar of the whole: agreement, quantity disagreement and allocation disagreement (Pontius and Millones 2011), adding up to 1. */
export function pontiusParts(c: Pick<Comparison, 'agreement' | 'quantityDisagreement' | 'allocationDisagreement'>): PontiusPart[] {
  const parts = [
    { part: 'Agreement' as const, share: c.agreement, color: '#94a3b8' },
    { part: 'Quantity' as const, share: c.quantityDisagreement, color: '#f28e2c' },
    { part: 'Allocation' as const, share: c.allocationDisagreement, color: '#4e79a7' },
  ];
  let at = 0;
  return parts.map((p) => {
    const from = at;
    at += p.share;
    return { ...p, from, to: at };
  });
}

export interface ClassRow {
  value: number;
  code: string;
  name: string;
  color: string;
  areaA: number;
  areaB: number;
  difference: number;
  f1: number | null;
}

/** The per-class numbers of the table: areas, their difference (B - A), and B's F1 against A. */
export function classRows(c: Pick<Comparison, 'crossTab' | 'areaKm2' | 'areaDifferenceKm2' | 'f1'>): ClassRow[] {
  return presentClasses(c).map((lcz) => {
    const i = lcz.value - 1;
    return { value: lcz.value, code: lcz.code, name: lcz.name, color: lcz.color, areaA: c.areaKm2.a[i]!, areaB: c.areaKm2.b[i]!, difference: c.areaDifferenceKm2[i]!, f1: c.f1[i] ?? null };
  });
}

/** Whether any map of the comparison is synthetic (the view then says so over the maps). */
export function anySynthetic(c: Pick<Comparison, 'inputs'>): boolean {
  const { a, b, truth } = c.inputs;
  return [a, b, truth].some((m) => m?.synthetic === true);
}
