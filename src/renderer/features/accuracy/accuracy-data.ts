import type { Accuracy } from '../../../shared/contract';
import { LCZ_CLASSES, type LczClass } from '../../../shared/lcz-classes';

/**
 * The numbers behind the accuracy and probability charts, shaped for Observable Plot. Pure: tested in Node.
 */

export interface ClassValue {
  value: number;
  code: string;
  name: string;
  color: string;
  /** "A Dense trees": what a tooltip says. */
  label: string;
}

function classValue(lcz: LczClass): ClassValue {
  return { value: lcz.value, code: lcz.code, name: lcz.name, color: lcz.color, label: `${lcz.code} ${lcz.name}` };
}

export interface F1Row extends ClassValue {
  f1: number;
}

/** Per-class F1 of the classes that occur in the truth or the map (F1 is undefined for the others). */
export function f1Rows(accuracy: Pick<Accuracy, 'f1'>): F1Row[] {
  return LCZ_CLASSES.flatMap((lcz) => {
    const f1 = accuracy.f1[lcz.value - 1];
    return f1 === null || f1 === undefined ? [] : [{ ...classValue(lcz), f1 }];
  });
}

export interface ConfusionCell {
  truth: string;
  predicted: string;
  count: number;
  /** count / cells of this truth class: the row's recall on the diagonal. */
  share: number;
  label: string;
}

/**
 * The confusion matrix restricted to the classes present in the truth or the map (rows: truth, columns: prediction),
 * with each cell's share of its row, so a rare class reads as clearly as a common one. `unit` names what is counted
 * (map cells, or the patches of a test set).
 */
export function confusionCells(accuracy: Pick<Accuracy, 'confusion'>, unit = 'cells'): { codes: string[]; cells: ConfusionCell[] } {
  const { confusion } = accuracy;
  const rowSum = (i: number) => (confusion[i] ?? []).reduce((a, b) => a + b, 0);
  const colSum = (j: number) => confusion.reduce((a, row) => a + (row[j] ?? 0), 0);
  const present = LCZ_CLASSES.filter((c) => rowSum(c.value - 1) > 0 || colSum(c.value - 1) > 0);
  const cells: ConfusionCell[] = [];
  // Map cells are "mapped as"; patches a classifier labels are "predicted as".
  const verb = unit === 'cells' ? 'mapped' : 'predicted';
  for (const t of present) {
    const total = rowSum(t.value - 1);
    for (const p of present) {
      const count = confusion[t.value - 1]?.[p.value - 1] ?? 0;
      const share = total > 0 ? count / total : 0;
      cells.push({
        truth: t.code,
        predicted: p.code,
        count,
        share,
        label: `truth ${t.code} ${t.name}, ${verb} ${p.code} ${p.name}: ${count.toLocaleString('en-US')} ${unit} (${(share * 100).toFixed(1)} % of the row)`,
      });
    }
  }
  return { codes: present.map((c) => c.code), cells };
}

export interface ProbabilityRow extends ClassValue {
  p: number;
}

/** The 17 class probabilities of a cell, in class order. */
export function probabilityRows(probabilities: readonly number[]): ProbabilityRow[] {
  return LCZ_CLASSES.map((lcz) => ({ ...classValue(lcz), p: probabilities[lcz.value - 1] ?? 0 }));
}

/** Mean F1 over the classes that have one, when the summary has none. */
export function meanF1(accuracy: Pick<Accuracy, 'f1' | 'macroF1'>): number | null {
  if (accuracy.macroF1 !== null) return accuracy.macroF1;
  const values = accuracy.f1.filter((v): v is number => v !== null);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}
