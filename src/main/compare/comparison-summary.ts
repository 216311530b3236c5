import type { Comparison, DifferenceCodes } from '../../shared/contract/compare';
import { metricsFromConfusion } from '../metrics/classification';
import { quantityAllocation } from '../metrics/pontius';
import { comparedMap } from './compared-map';
import type { PassResult } from './comparison-pass';
import type { MapReader } from './map-reader';
import { COMPARISON_FILES } from './write-comparison';

/**
 * comparison.json from what the pass counted. Agreement, kappa, Pontius and F1 count cells (as the cross-tab does);
 * areas weigh each cell by its area on A's grid, so they stay right on a geographic grid.
 */
export function comparisonSummary(
  maps: { a: MapReader; b: MapReader; truth: MapReader | null },
  pass: PassResult,
  difference: DifferenceCodes,
  output: { cloudOptimized: boolean; divergence: boolean },
): Comparison {
  const { crossTab } = pass;
  const tab = crossTab.matrix();
  const km2 = crossTab.matrix(crossTab.m2, 1e-6);
  const metrics = metricsFromConfusion(tab);
  const pontius = quantityAllocation(tab);
  const areaA = km2.map((row) => row.reduce((s, v) => s + v, 0));
  const areaB = km2[0]!.map((_, j) => km2.reduce((s, row) => s + row[j]!, 0));
  const total = areaA.reduce((s, v) => s + v, 0);
  const percent = (v: number) => (total > 0 ? Math.min(100, (100 * v) / total) : 0);
  const inputs = {
    a: comparedMap(maps.a, false),
    b: comparedMap(maps.b, !maps.b.alignment.identical),
    truth: maps.truth ? comparedMap(maps.truth, !maps.truth.alignment.identical) : null,
  };
  const truth = pass.truth?.summary() ?? null;
  return {
    schemaVersion: 1,
    createdAt: new Date().toISOString(),
    inputs,
    cells: { a: crossTab.validA, b: crossTab.validB, compared: crossTab.compared, km2: total },
    agreement: pontius.agreement,
    kappa: metrics.kappa,
    // Rounding can leave -1e-17 where a share is 0.
    quantityDisagreement: Math.max(0, pontius.quantity),
    allocationDisagreement: Math.max(0, pontius.allocation),
    crossTab: tab,
    crossTabKm2: km2,
    areaKm2: { a: areaA, b: areaB },
    areaPercent: { a: areaA.map(percent), b: areaB.map(percent) },
    areaDifferenceKm2: areaB.map((v, i) => v - areaA[i]!),
    f1: metrics.perClass.map((c) => c.f1),
    probabilities: pass.probabilities?.summary() ?? null,
    truth: truth ? { cells: truth.cells, a: truth.a, b: truth.b } : null,
    mcnemar: truth?.mcnemar ?? null,
    difference,
    cloudOptimized: output.cloudOptimized,
    files: { ...COMPARISON_FILES, divergence: output.divergence ? COMPARISON_FILES.divergence : null },
    notes: notesOf(inputs),
  };
}

function notesOf(inputs: Comparison['inputs']): string[] {
  const notes: string[] = [];
  const a = inputs.a.name;
  // Roles as well as names: two results of one scene often share their name.
  for (const [role, map] of [['second map (B)', inputs.b], ['reference map', inputs.truth]] as const) {
    if (map?.resampled) {
      notes.push(`The ${role} ${map.name} (${map.crs.name}) was resampled onto the grid of ${a}, the first map (A; ${inputs.a.crs.name}), by nearest neighbour: each cell of A takes the class under its centre.`);
    }
  }
  for (const map of [inputs.a, inputs.b, inputs.truth]) for (const note of map?.notes ?? []) notes.push(`${map!.name}: ${note}`);
  return notes;
}
