/**
 * Two models on the same patches: how often they give the same class, and McNemar's test of their accuracies (only
 * the patches where exactly one of them is right count).
 */
import { mcnemar, type McNemar } from '../metrics/mcnemar';

/** Share of patches where the two predicted classes agree. */
export function agreement(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return a.length ? same / a.length : 1;
}

/** McNemar's test of `second` against `first`: b = first right and second wrong, c = the reverse. */
export function pairedTest(first: ArrayLike<number>, second: ArrayLike<number>, truth: ArrayLike<number>): McNemar {
  let b = 0;
  let c = 0;
  for (let i = 0; i < truth.length; i++) {
    const firstRight = first[i] === truth[i];
    const secondRight = second[i] === truth[i];
    if (firstRight && !secondRight) b++;
    else if (secondRight && !firstRight) c++;
  }
  return mcnemar(b, c);
}
