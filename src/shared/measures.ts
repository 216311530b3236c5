/**
 * One set of accuracy measures everywhere: `lcz evaluate`, a result's accuracy (map view, report.md) and a training
 * run's report show the same measures, in this order, named and formatted alike. The formulas are in
 * src/main/metrics/classification.ts; this is how they are shown.
 */

/** The headline measures of a classification against the truth (WUDAPT's OA_u, OA_bu, OA_w among them). */
export interface Measures {
  oa: number;
  kappa: number;
  oaUrban: number | null;
  oaBuiltNatural: number | null;
  oaWeighted: number | null;
  macroF1: number | null;
}

export interface MeasureSpec {
  key: keyof Measures;
  /** Short label for tables and the command line: "OA_u". */
  label: string;
  /** Name for headlines: "OA urban". */
  name: string;
  /** What it means, for tooltips and help. */
  title: string;
  kind: 'percent' | 'score';
}

export const MEASURES: readonly MeasureSpec[] = [
  { key: 'oa', label: 'OA', name: 'Overall accuracy', title: 'Share of cells (or patches) given their true class', kind: 'percent' },
  { key: 'kappa', label: 'Kappa', name: 'Kappa', title: "Cohen's kappa: agreement beyond chance", kind: 'score' },
  { key: 'oaUrban', label: 'OA_u', name: 'OA urban', title: 'OA_u: accuracy over the urban classes 1-10 only (WUDAPT)', kind: 'percent' },
  { key: 'oaBuiltNatural', label: 'OA_bu', name: 'OA built/natural', title: 'OA_bu: accuracy when only built (1-10) versus natural (A-G) counts (WUDAPT)', kind: 'percent' },
  { key: 'oaWeighted', label: 'OA_w', name: 'OA weighted', title: 'OA_w: accuracy weighted by how similar the confused classes are (WUDAPT)', kind: 'percent' },
  { key: 'macroF1', label: 'Mean F1', name: 'Mean F1', title: 'F1 averaged over the classes present in the truth', kind: 'score' },
];

/** What a measure that does not apply shows (OA_u without urban cells, an old result without OA_w). */
export const NOT_APPLICABLE = '—';

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** A share as a percentage with one decimal: 0.7123 -> "71.2 %". */
export function formatPercent(value: number | null | undefined): string {
  return finite(value) ? `${(value * 100).toFixed(1)} %` : NOT_APPLICABLE;
}

/** A score (kappa, F1, precision, recall) with three decimals: 0.71234 -> "0.712". */
export function formatScore(value: number | null | undefined): string {
  return finite(value) ? value.toFixed(3) : NOT_APPLICABLE;
}

export function formatMeasure(spec: Pick<MeasureSpec, 'kind'>, value: number | null | undefined): string {
  return spec.kind === 'percent' ? formatPercent(value) : formatScore(value);
}

export interface MeasureRow extends MeasureSpec {
  value: number | null;
  text: string;
}

/** The measures of `m`, in order, each with its text. */
export function measureRows(m: Measures): MeasureRow[] {
  return MEASURES.map((spec) => {
    const value = m[spec.key];
    return { ...spec, value: finite(value) ? value : null, text: formatMeasure(spec, value) };
  });
}

/** The measures on one line: "OA 71.2 %, Kappa 0.650, OA_u 64.0 %, OA_bu 90.1 %, OA_w 80.3 %, Mean F1 0.612". */
export function measuresLine(m: Measures): string {
  return measureRows(m)
    .map((r) => `${r.label} ${r.text}`)
    .join(', ');
}
