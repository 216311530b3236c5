import { LCZ_CLASS_COUNT } from '../../shared/lcz-classes';
import type { FusedMaps } from './fusion';

/**
 * After the majority filter, the class drawn in a cell may not be the class the model found most probable. The
 * probabilities stay the model's own (they are what it said); the confidence layers are made to describe the class
 * drawn, because that is what a user reads them for ("how sure is this cell?"), and the app's confidence overlay
 * and inspector say so:
 * - max probability: the probability of the drawn class;
 * - margin: the drawn class's lead over the best other class, 0 when another class was more probable;
 * - entropy: unchanged (it is of the distribution, not of a class);
 * - disagreement: the share of members whose own class is not the drawn one.
 * A filtered cell thus shows as unsure, which it is: the model preferred another class there.
 */
export function confidenceOfDrawnClasses(fused: FusedMaps, drawn: Uint8Array): { fused: FusedMaps; changedCells: number } {
  const maxProbability = fused.maxProbability.slice();
  const margin = fused.margin.slice();
  const disagreement = fused.disagreement?.slice() ?? null;
  let changedCells = 0;
  for (let cell = 0; cell < drawn.length; cell++) {
    const cls = drawn[cell]!;
    if (cls === 0 || cls === fused.classes[cell]) continue;
    changedCells++;
    const base = cell * LCZ_CLASS_COUNT;
    const p = fused.probabilities[base + cls - 1]!;
    let other = 0;
    for (let c = 0; c < LCZ_CLASS_COUNT; c++) if (c !== cls - 1) other = Math.max(other, fused.probabilities[base + c]!);
    maxProbability[cell] = p;
    margin[cell] = Math.max(0, p - other);
    if (disagreement && fused.votes) {
      let members = 0;
      let differ = 0;
      for (const votes of fused.votes) {
        if (votes[cell] === 0) continue;
        members++;
        if (votes[cell] !== cls) differ++;
      }
      disagreement[cell] = members ? differ / members : 0;
    }
  }
  return { fused: { ...fused, classes: drawn, maxProbability, margin, disagreement }, changedCells };
}
