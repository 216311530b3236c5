import { LCZ_CLASS_COUNT } from '../../shared/lcz-classes';
import { PROBABILITY_NODATA, PROBABILITY_SCALE } from '../mapping/output-encoding';
import { jensenShannon } from '../metrics/jensen-shannon';
import type { MapRows } from './map-reader';

interface Mean {
  sum: number;
  n: number;
}
const mean = (m: Mean): number | null => (m.n > 0 ? m.sum / m.n : null);

/**
 * What two mapping results' probabilities say where they are compared: how sure each was where the maps agree and
 * where they disagree (a student unsure exactly where it departs from its teacher is less worrying), and the
 * Jensen-Shannon divergence of their 17 probabilities cell by cell (which also sees two maps that draw the same
 * class for different reasons).
 */
export class ProbabilityStats {
  private readonly confidence = { a: { agree: { sum: 0, n: 0 }, disagree: { sum: 0, n: 0 } }, b: { agree: { sum: 0, n: 0 }, disagree: { sum: 0, n: 0 } } };
  private readonly divergence: Mean = { sum: 0, n: 0 };
  private readonly p = new Float64Array(LCZ_CLASS_COUNT);
  private readonly q = new Float64Array(LCZ_CLASS_COUNT);

  /** Adds the cells of one range; writes each cell's divergence (x 10^4, PROBABILITY_NODATA where none) into `out`. */
  add(a: MapRows, b: MapRows, out: Uint16Array): void {
    const pa = a.probabilities!;
    const pb = b.probabilities!;
    const ca = a.confidence!;
    const cb = b.confidence!;
    for (let i = 0; i < a.classes.length; i++) {
      out[i] = PROBABILITY_NODATA;
      if (!a.classes[i] || !b.classes[i]) continue;
      const split = a.classes[i] === b.classes[i] ? 'agree' : 'disagree';
      if (ca[i] !== PROBABILITY_NODATA) add(this.confidence.a[split], ca[i]! / PROBABILITY_SCALE);
      if (cb[i] !== PROBABILITY_NODATA) add(this.confidence.b[split], cb[i]! / PROBABILITY_SCALE);
      if (!this.vectors(pa, pb, i)) continue;
      const js = jensenShannon(this.p, this.q);
      if (js === null) continue;
      add(this.divergence, js);
      out[i] = Math.round(js * PROBABILITY_SCALE);
    }
  }

  /** Cell i's two probability vectors into p and q; false when either has no data there. */
  private vectors(pa: Uint16Array[], pb: Uint16Array[], i: number): boolean {
    for (let k = 0; k < LCZ_CLASS_COUNT; k++) {
      const x = pa[k]![i]!;
      const y = pb[k]![i]!;
      if (x === PROBABILITY_NODATA || y === PROBABILITY_NODATA) return false;
      this.p[k] = x;
      this.q[k] = y;
    }
    return true;
  }

  summary() {
    const split = (s: { agree: Mean; disagree: Mean }) => ({ agree: mean(s.agree), disagree: mean(s.disagree) });
    return {
      confidence: { a: split(this.confidence.a), b: split(this.confidence.b) },
      meanDivergence: mean(this.divergence),
      divergenceCells: this.divergence.n,
    };
  }
}

function add(m: Mean, v: number): void {
  m.sum += v;
  m.n++;
}
