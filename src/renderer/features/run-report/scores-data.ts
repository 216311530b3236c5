import type { Evaluation, ModelScores } from '../../../shared/contract';
import { LCZ_CLASSES } from '../../../shared/lcz-classes';
import { formatPercent, formatScore } from '../../../shared/measures';
import { meanF1 } from '../accuracy/accuracy-data';

/**
 * A run's evaluation as the report shows it: one entry per model (the ensemble first), the headline figures of one,
 * and its per-class table. Pure: tested in Node.
 */

export interface ModelEntry {
  /** "ensemble" or "member-<k>" (1-based): a stable key for the selection and the tests. */
  key: string;
  kind: 'ensemble' | 'member';
  name: string;
  scores: ModelScores;
}

const FUSION_LABEL = { 'sum-rule': 'sum rule', 'logit-average': 'logit average' } as const;

export function modelEntries(evaluation: Evaluation): ModelEntry[] {
  const entries: ModelEntry[] = [];
  if (evaluation.ensemble) {
    entries.push({ key: 'ensemble', kind: 'ensemble', name: `Ensemble (${FUSION_LABEL[evaluation.ensemble.fusion]})`, scores: evaluation.ensemble.scores });
  }
  evaluation.members.forEach((m, i) => entries.push({ key: `member-${i + 1}`, kind: 'member', name: `Member ${m.name}`, scores: m.scores }));
  return entries;
}

/** 0.7123 -> "71.2 %"; null (undefined for this data) -> "—": the one format of shared/measures.ts. */
export const percent = (value: number | null): string => formatPercent(value);

export interface Headline {
  key: string;
  label: string;
  value: string;
  title: string;
}

/** The core's macro F1, else the mean of the classes' F1. */
export function meanF1Of(scores: Pick<ModelScores, 'perClass' | 'macroF1'>): number | null {
  return meanF1({ f1: scores.perClass.map((c) => c.f1), macroF1: scores.macroF1 });
}

export function headlines(scores: ModelScores): Headline[] {
  const f1 = meanF1Of(scores);
  return [
    { key: 'oa', label: 'Overall accuracy', value: percent(scores.oa), title: 'Share of the patches classified as their label' },
    { key: 'kappa', label: 'Kappa', value: formatScore(scores.kappa), title: "Agreement beyond chance (Cohen's kappa)" },
    { key: 'oa-urban', label: 'OA urban', value: percent(scores.oaUrban), title: 'OA_u: accuracy over the patches of the urban classes 1-10 only' },
    { key: 'oa-bu', label: 'OA built/natural', value: percent(scores.oaBuiltNatural), title: 'OA_bu: accuracy when only built (1-10) versus natural (A-G) counts' },
    { key: 'oa-w', label: 'OA weighted', value: percent(scores.oaWeighted), title: 'OA_w: accuracy weighted by how similar the confused classes are (WUDAPT)' },
    { key: 'f1', label: 'Mean F1', value: formatScore(f1), title: 'Macro-averaged F1 over the classes present' },
  ];
}

export interface ClassScoreRow {
  value: number;
  code: string;
  name: string;
  color: string;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  support: number;
  /** Patches predicted as this class (a column sum of the confusion matrix). */
  predicted: number;
}

/** The classes that occur in the labels or the predictions (the others have no scores to show). */
export function classScoreRows(scores: Pick<ModelScores, 'perClass' | 'confusion'>): ClassScoreRow[] {
  return LCZ_CLASSES.flatMap((c) => {
    const s = scores.perClass[c.value - 1];
    const predicted = scores.confusion.reduce((a, row) => a + (row[c.value - 1] ?? 0), 0);
    if (!s || (s.support === 0 && predicted === 0)) return [];
    return [{ value: c.value, code: c.code, name: c.name, color: c.color, precision: s.precision, recall: s.recall, f1: s.f1, support: s.support, predicted }];
  });
}
