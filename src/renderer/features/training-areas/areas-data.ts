import type { AreaProblem, AreasCheck, BootstrapRun, SuspiciousArea, TrainingArea } from '../../../shared/contract';
import { LCZ_CLASSES } from '../../../shared/lcz-classes';

/**
 * The numbers and shapes behind the Training areas panel: counts per class, where a problem is, the bootstrap runs
 * as box-plot rows, the suspicious areas' outlines. Pure: tested in Node.
 */

export type Bounds = readonly [number, number, number, number];
export type Ring = readonly (readonly [number, number])[];

export interface ClassCountRow {
  lcz: number;
  code: string;
  name: string;
  color: string;
  /** Polygons of this class in the list. */
  areas: number;
  /** Output cells they give for training, from the last check (null: not checked since the list changed). */
  cells: number | null;
}

/** One row per LCZ class (all 17, so the legend to draw with stays put), with its polygons and checked cells. */
export function classCounts(areas: readonly TrainingArea[], check: Pick<AreasCheck, 'classes'> | null): ClassCountRow[] {
  const counts = new Map<number, number>();
  for (const area of areas) counts.set(area.lcz, (counts.get(area.lcz) ?? 0) + 1);
  const cells = new Map(check?.classes.map((c) => [c.lcz, c.cells]) ?? []);
  return LCZ_CLASSES.map((c) => ({
    lcz: c.value,
    code: c.code,
    name: c.name,
    color: c.color,
    areas: counts.get(c.value) ?? 0,
    cells: check ? (cells.get(c.value) ?? 0) : null,
  }));
}

/** [west, south, east, north] of rings of lon/lat points; null for none. */
export function ringsBounds(rings: readonly Ring[]): Bounds | null {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings) {
    for (const [x, y] of ring) {
      w = Math.min(w, x);
      s = Math.min(s, y);
      e = Math.max(e, x);
      n = Math.max(n, y);
    }
  }
  return w <= e && s <= n ? [w, s, e, n] : null;
}

export function areasBounds(areas: readonly TrainingArea[]): Bounds | null {
  return ringsBounds(areas.map((a) => a.geometry.coordinates[0]!));
}

/**
 * Where "zoom to" goes for a problem: the bounds the check gives, else the areas it names that are still in the
 * list, else every area (a problem of the whole set, such as too few classes); null when there is nothing to show.
 */
export function problemZoomTarget(problem: Pick<AreaProblem, 'bounds' | 'areaIds'>, areas: readonly TrainingArea[]): Bounds | null {
  if (problem.bounds) return problem.bounds;
  const named = new Set(problem.areaIds);
  const concerned = areas.filter((a) => named.has(a.id));
  return areasBounds(concerned.length > 0 ? concerned : areas);
}

export const BOOTSTRAP_MEASURES = [
  { key: 'oa', label: 'OA' },
  { key: 'oaU', label: 'OA_u' },
  { key: 'oaBU', label: 'OA_bu' },
  { key: 'oaW', label: 'OA_w' },
] as const;

export interface BootstrapRow {
  measure: (typeof BOOTSTRAP_MEASURES)[number]['label'];
  value: number;
  run: number;
}

/** One row per run and measure, for box plots; OA_u is left out of a run with no urban cells in its test set. */
export function bootstrapRows(runs: readonly BootstrapRun[]): BootstrapRow[] {
  return runs.flatMap((run, i) =>
    BOOTSTRAP_MEASURES.flatMap(({ key, label }) => {
      const value = run[key];
      return value === null ? [] : [{ measure: label, value, run: i + 1 }];
    }),
  );
}

/** Median of each measure over the runs (null for a measure no run has), as the panel states it beside the plot. */
export function bootstrapMedians(runs: readonly BootstrapRun[]): Record<BootstrapRow['measure'], number | null> {
  const rows = bootstrapRows(runs);
  const median = (label: BootstrapRow['measure']) => {
    const values = rows.filter((r) => r.measure === label).map((r) => r.value).sort((a, b) => a - b);
    if (values.length === 0) return null;
    const mid = values.length >> 1;
    return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
  };
  return { OA: median('OA'), OA_u: median('OA_u'), OA_bu: median('OA_bu'), OA_w: median('OA_w') };
}

/** The outline to mark a suspicious area with: its polygon while it is still in the list, else its box from the run. */
export function suspiciousOutlines(suspicious: readonly SuspiciousArea[], areas: readonly TrainingArea[]): Ring[] {
  const byId = new Map(areas.map((a) => [a.id, a]));
  return suspicious.map((s) => {
    const area = byId.get(s.id);
    if (area) return area.geometry.coordinates[0]!;
    const [w, so, e, n] = s.bounds;
    return [[w, so], [e, so], [e, n], [w, n], [w, so]];
  });
}

/**
 * Areas imported from a file, with ids that do not clash with those already in the list (each file numbers its
 * features from 1): a clashing id gets the file's stem and a counter.
 */
export function withFreshIds(imported: readonly TrainingArea[], existing: readonly TrainingArea[], stem: string): TrainingArea[] {
  const taken = new Set(existing.map((a) => a.id));
  return imported.map((area) => {
    let id = area.id;
    for (let n = 1; taken.has(id); n++) id = `${stem}-${area.id}${n > 1 ? `-${n}` : ''}`;
    taken.add(id);
    return { ...area, id };
  });
}
