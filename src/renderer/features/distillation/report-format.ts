import { lczClass } from '../../../shared/lcz-classes';
import type { ComparedModel, ModelComparison } from '../../../shared/contract/model-comparison';

/**
 * The comparison report (compare-models) as the Distillation view shows it: one row of figures per model, the
 * per-class F1 table, the points of the two plots, and the notes that say what the figures are measured on. Pure:
 * tested in Node.
 */

/** What a model is in this story: the teacher's bundles come first in the comparison, then what was distilled from them. */
export type ModelRole = 'teacher' | ComparedModel['kind'];

export interface ReportRow {
  name: string;
  bundle: string;
  role: ModelRole;
  oa: string;
  kappa: string;
  oaUrban: string;
  oaBuiltNatural: string;
  oaWeighted: string;
  macroF1: string;
  /** Before and after temperature scaling. */
  ece: string;
  agreement: string;
  mcnemar: string;
  params: string;
  macs: string;
  bytes: string;
  throughput: string;
}

export const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)} %`);

/** "26.0 k", "1.4 M", "512": counts as people say them. */
export function shortCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(Math.round(n));
}

/** "104.2 kB", "44.6 MB" (decimal units, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}

/** McNemar's test against the reference: "p < 0.001 (12 vs 3)" names the discordant patches; "—" for the reference. */
export function formatMcNemar(m: ComparedModel['mcnemar']): string {
  if (!m) return '—';
  const p = m.pValue < 0.001 ? 'p < 0.001' : `p = ${m.pValue.toFixed(3)}`;
  return `${p} (${m.b} vs ${m.c})`;
}

export function roleOf(index: number, model: Pick<ComparedModel, 'kind'>, teacherCount: number): ModelRole {
  return index < teacherCount && model.kind === 'model' ? 'teacher' : model.kind;
}

export function reportRows(report: ModelComparison, teacherCount: number): ReportRow[] {
  return report.models.map((m, i) => {
    const s = m.scores;
    return {
      name: m.name,
      bundle: m.bundle,
      role: roleOf(i, m, teacherCount),
      oa: percent(s.oa),
      kappa: s.kappa.toFixed(3),
      oaUrban: percent(s.oaUrban),
      oaBuiltNatural: percent(s.oaBuiltNatural),
      oaWeighted: percent(s.oaWeighted),
      macroF1: percent(s.macroF1),
      ece: `${percent(s.calibrationBefore.ece)} → ${percent(s.calibrationAfter.ece)}`,
      agreement: i === 0 ? 'reference' : percent(m.agreement),
      mcnemar: formatMcNemar(m.mcnemar),
      params: shortCount(m.cost.parameters),
      macs: shortCount(m.cost.macs),
      bytes: formatBytes(m.cost.bytes),
      throughput: `${Math.round(m.patchesPerSecond).toLocaleString('en-US')} /s`,
    };
  });
}

export interface ClassF1Row {
  value: number;
  code: string;
  name: string;
  color: string;
  /** One per model, in the report's order: "0.83", or "—" where the class is absent from truth and prediction. */
  f1: string[];
}

/** Per-class F1 of each model, for the classes present in the test data. */
export function classF1Rows(report: ModelComparison): ClassF1Row[] {
  const rows: ClassF1Row[] = [];
  for (let k = 0; k < 17; k++) {
    if (!report.models.some((m) => m.scores.perClass[k]!.support > 0)) continue;
    const c = lczClass(k + 1)!;
    rows.push({ value: k + 1, code: c.code, name: c.name, color: c.color, f1: report.models.map((m) => (m.scores.perClass[k]!.f1 === null ? '—' : m.scores.perClass[k]!.f1!.toFixed(2))) });
  }
  return rows;
}

export interface PlotPoint {
  name: string;
  role: ModelRole;
  /** Patches per second, or bytes on disk. */
  x: number;
  /** Overall accuracy. */
  y: number;
}

/** The report's two plots, each point labelled with its model's role. */
export function plotPoints(report: ModelComparison, teacherCount: number): { throughput: PlotPoint[]; size: PlotPoint[] } {
  const role = new Map(report.models.map((m, i) => [m.name, roleOf(i, m, teacherCount)]));
  const withRole = (points: ModelComparison['plot']['accuracyVsSize']) => points.map((p) => ({ name: p.name, role: role.get(p.name) ?? 'model', x: p.x, y: p.y }));
  return { throughput: withRole(report.plot.accuracyVsThroughput), size: withRole(report.plot.accuracyVsSize) };
}

/**
 * What a reader must know before trusting the figures: synthetic data makes a synthetic student; the reference of
 * agreement and McNemar is one bundle; data also trained on flatters; where the speed was measured.
 */
export function reportNotes(report: ModelComparison, context: { synthetic: boolean; trainedOn: string | null; teacherCount: number }): string[] {
  const notes: string[] = [];
  if (context.synthetic) {
    notes.push('Synthetic: the teacher was trained, the student distilled and every model scored on synthetic So2Sat data made by LCZ Studio. These figures show the method works end to end; they say nothing about accuracy on real cities.');
  }
  if (context.trainedOn !== null && context.trainedOn === report.data) {
    notes.push(`Scored on the training file itself (${report.data}): the student saw most of these patches, so its accuracy is optimistic. Choose a test file in the Training view for held-out figures.`);
  }
  const reference = report.models[0]!.name;
  notes.push(
    context.teacherCount > 1
      ? `Agreement and McNemar's test are against "${reference}", the teacher's first member (not the fused ensemble).`
      : `Agreement and McNemar's test are against "${reference}", the teacher.`,
  );
  const { machine, throughput: t } = report;
  notes.push(`Throughput in ONNX Runtime ${machine.onnxruntime}, ${machine.threads} thread${machine.threads === 1 ? '' : 's'} on ${machine.cpu}: median of ${t.rounds} rounds of ${t.batchesPerRound} batches of ${t.batchSize}, the models taking turns, measured in this job.`);
  return notes;
}
