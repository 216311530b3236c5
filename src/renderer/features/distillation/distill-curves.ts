import type { EpochRecord } from '../../../shared/contract/training';
import type { CurvePoint } from '../training/curves-data';

/**
 * A distilled student's curves as the Training view's charts draw them (training/training-charts.ts curveChart):
 * the two parts of its loss (hard: cross-entropy with the labels; soft: T² KL to the teacher's soft targets), and its
 * accuracy with its agreement with the teacher. Each part is a line of its own colour (the charts' "member"), train
 * solid and validation dashed. Pure: tested in Node.
 */

export const LOSS_PARTS = ['hard: CE with the labels', 'soft: T² KL to the teacher'] as const;
export const ACCURACY_PARTS = ['accuracy', 'agreement with the teacher'] as const;

const loss = (v: number) => v.toFixed(3);
const share = (v: number) => `${(v * 100).toFixed(1)} %`;

function point(member: string, epoch: number, value: number, series: 'train' | 'validation', text: string): CurvePoint {
  return { member, x: epoch, value, series, label: `${member}\nepoch ${epoch}: ${series} ${text}` };
}

export function distillCurves(history: readonly EpochRecord[]): { loss: CurvePoint[]; accuracy: CurvePoint[] } {
  const lossPoints: CurvePoint[] = [];
  const accuracyPoints: CurvePoint[] = [];
  const [hard, soft] = LOSS_PARTS;
  const [accuracy, agreement] = ACCURACY_PARTS;
  for (const r of history) {
    accuracyPoints.push(point(accuracy, r.epoch, r.accuracy, 'train', share(r.accuracy)), point(accuracy, r.epoch, r.valAccuracy, 'validation', share(r.valAccuracy)));
    const d = r.distillation;
    if (!d) continue;
    lossPoints.push(
      point(hard, r.epoch, d.hardLoss, 'train', loss(d.hardLoss)),
      point(hard, r.epoch, d.valHardLoss, 'validation', loss(d.valHardLoss)),
      point(soft, r.epoch, d.softLoss, 'train', loss(d.softLoss)),
      point(soft, r.epoch, d.valSoftLoss, 'validation', loss(d.valSoftLoss)),
    );
    // Agreement is measured on the validation patches only.
    accuracyPoints.push(point(agreement, r.epoch, d.valAgreement, 'validation', share(d.valAgreement)));
  }
  return { loss: lossPoints, accuracy: accuracyPoints };
}
