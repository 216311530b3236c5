/**
 * How many patches of each class to take from what the cities offer: every class gets all it has up to a common
 * cap, the cap chosen so the total is what was asked for. Common classes (low plants, open low-rise) are cut down
 * to the cap; rare ones (compact high-rise, lightweight low-rise) are all kept, never dropped.
 */
export function classQuotas(available: readonly number[], wanted: number): number[] {
  const total = available.reduce((a, b) => a + b, 0);
  if (wanted > total) throw new RangeError(`only ${total} cells are available for ${wanted} patches`);
  // Smallest cap whose total reaches `wanted` (binary search), then trim the overshoot from the capped classes.
  let low = 0;
  let high = Math.max(0, ...available);
  while (low < high) {
    const cap = Math.floor((low + high) / 2);
    if (available.reduce((sum, a) => sum + Math.min(a, cap), 0) >= wanted) high = cap;
    else low = cap + 1;
  }
  const quotas = available.map((a) => Math.min(a, low));
  let over = quotas.reduce((a, b) => a + b, 0) - wanted;
  for (let k = 0; k < quotas.length && over > 0; k++) {
    if (quotas[k] === low && low > 0) {
      quotas[k]!--;
      over--;
    }
  }
  return quotas;
}
