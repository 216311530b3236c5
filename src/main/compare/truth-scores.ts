import { addToConfusion, emptyConfusion, metricsFromConfusion, type Confusion } from '../metrics/classification';
import { mcnemar } from '../metrics/mcnemar';

/**
 * Both maps scored against a reference map on the same cells (valid in all three), so their accuracies compare, and
 * McNemar's test of whether one is more often right than the other there.
 */
export class TruthScores {
  private readonly a: Confusion = emptyConfusion();
  private readonly b: Confusion = emptyConfusion();
  /** Cells A gets right and B wrong; cells B gets right and A wrong. */
  private onlyA = 0;
  private onlyB = 0;

  add(a: Uint8Array, b: Uint8Array, truth: Uint8Array): void {
    // Cells where any of the three is no data count for none: 0 in the truth makes addToConfusion skip the cell.
    const t = Uint8Array.from(truth, (v, i) => (a[i] && b[i] ? v : 0));
    addToConfusion(this.a, t, a);
    addToConfusion(this.b, t, b);
    for (let i = 0; i < t.length; i++) {
      const v = t[i]!;
      if (!v) continue;
      const rightA = a[i] === v;
      const rightB = b[i] === v;
      if (rightA && !rightB) this.onlyA++;
      else if (rightB && !rightA) this.onlyB++;
    }
  }

  summary() {
    const scores = (confusion: Confusion) => {
      const m = metricsFromConfusion(confusion);
      return { oa: m.oa, kappa: m.kappa, f1: m.perClass.map((c) => c.f1), macroF1: m.macroF1, confusion: m.confusion };
    };
    const a = scores(this.a);
    const cells = a.confusion.reduce((n, row) => n + row.reduce((x, y) => x + y, 0), 0);
    return { cells, a, b: scores(this.b), mcnemar: mcnemar(this.onlyA, this.onlyB) };
  }
}
