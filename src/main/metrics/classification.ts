import { LCZ_CLASS_COUNT } from '../../shared/lcz-classes';
import { LCZ_SIMILARITY } from './lcz-similarity';

/** A 17 x 17 confusion matrix over LCZ values: rows are the truth, columns the prediction (value v at index v - 1). */
export type Confusion = number[][];

export function emptyConfusion(): Confusion {
  return Array.from({ length: LCZ_CLASS_COUNT }, () => new Array<number>(LCZ_CLASS_COUNT).fill(0));
}

/** Counts pairs of (truth, prediction) LCZ values; pairs where either is 0 (no data) are skipped. */
export function addToConfusion(confusion: Confusion, truth: ArrayLike<number>, predicted: ArrayLike<number>): void {
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!;
    const p = predicted[i]!;
    if (t < 1 || t > LCZ_CLASS_COUNT || p < 1 || p > LCZ_CLASS_COUNT) continue;
    confusion[t - 1]![p - 1]!++;
  }
}

export interface ClassScores {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** Cells of this class in the truth. */
  support: number;
}

/** Accuracy figures of a classification, from its confusion matrix. */
export interface ClassificationMetrics {
  /** Cells compared. */
  n: number;
  /** Overall accuracy. */
  oa: number;
  /** Cohen's kappa. */
  kappa: number;
  /** WUDAPT's OA_u: accuracy over cells whose truth is an urban class (1-10). */
  oaUrban: number | null;
  /** WUDAPT's OA_bu: built (1-10) versus natural (A-G) agreement. */
  oaBuiltNatural: number;
  /** WUDAPT's OA_w: each cell credited by the similarity of its predicted class to the true one (lcz-similarity.ts). */
  oaWeighted: number;
  /** Per LCZ value 1-17 (index value - 1); null where the class is absent from both truth and prediction. */
  perClass: ClassScores[];
  /** Mean F1 over the classes present in the truth. */
  macroF1: number | null;
  confusion: Confusion;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

export function metricsFromConfusion(confusion: Confusion): ClassificationMetrics {
  const k = LCZ_CLASS_COUNT;
  const rows = confusion.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = Array.from({ length: k }, (_, j) => confusion.reduce((a, r) => a + r[j]!, 0));
  const n = rows.reduce((a, b) => a + b, 0);
  let diag = 0;
  for (let i = 0; i < k; i++) diag += confusion[i]![i]!;
  const oa = n > 0 ? diag / n : 0;
  let expected = 0;
  for (let i = 0; i < k; i++) expected += (rows[i]! * cols[i]!) / (n * n || 1);
  const kappa = expected < 1 ? (oa - expected) / (1 - expected) : 1;

  let urbanRows = 0;
  let urbanDiag = 0;
  let builtAgree = 0;
  let weighted = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const count = confusion[i]![j]!;
      if ((i < 10) === (j < 10)) builtAgree += count;
      weighted += count * LCZ_SIMILARITY[i]![j]!;
    }
    if (i < 10) {
      urbanRows += rows[i]!;
      urbanDiag += confusion[i]![i]!;
    }
  }

  const perClass: ClassScores[] = confusion.map((row, i) => {
    const tp = row[i]!;
    const precision = ratio(tp, cols[i]!);
    const recall = ratio(tp, rows[i]!);
    const f1 = precision !== null && recall !== null ? (precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0) : rows[i]! + cols[i]! > 0 ? 0 : null;
    return { precision, recall, f1, support: rows[i]! };
  });
  const present = perClass.filter((c) => c.support > 0 && c.f1 !== null);
  return {
    n,
    oa,
    kappa,
    oaUrban: ratio(urbanDiag, urbanRows),
    oaBuiltNatural: n > 0 ? builtAgree / n : 0,
    oaWeighted: n > 0 ? weighted / n : 0,
    perClass,
    macroF1: present.length ? present.reduce((a, c) => a + c.f1!, 0) / present.length : null,
    confusion,
  };
}
