// The random forest and the bootstrap's split by polygon, on small tables whose answers are known.
import { describe, expect, it } from 'vitest';
import type { AreaCells } from '../../src/main/areas/area-cells';
import { splitByPolygon } from '../../src/main/areas/bootstrap';
import { RandomForest } from '../../src/main/areas/random-forest';

/** Two features; the class is 2 where x > 0.5 and y > 0.5 (an AND no single split finds), else 11. */
function table(n: number, seed: number): { values: Float32Array; labels: number[] } {
  let s = seed;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const values = new Float32Array(n * 2);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    values[2 * i] = rnd();
    values[2 * i + 1] = rnd();
    labels.push(values[2 * i]! > 0.5 && values[2 * i + 1]! > 0.5 ? 2 : 11);
  }
  return { values, labels };
}

describe('the random forest', () => {
  it('learns a rule of two features and generalises to new rows', () => {
    const train = table(400, 1);
    const test = table(400, 2);
    const forest = RandomForest.train({ rows: 400, columns: 2, values: train.values }, train.labels, { trees: 30, seed: 1 });
    const predicted = forest.predict({ rows: 400, columns: 2, values: test.values });
    const right = test.labels.filter((l, i) => predicted[i] === l).length;
    expect(right / 400).toBeGreaterThan(0.95);
  });

  it('gives probabilities over the 17 LCZ values that sum to 1, 0 for classes it never saw, none for a row with NaN', () => {
    const train = table(200, 3);
    const forest = RandomForest.train({ rows: 200, columns: 2, values: train.values }, train.labels, { trees: 10, seed: 1 });
    const p = forest.predictProbabilities({ rows: 2, columns: 2, values: Float32Array.from([0.9, 0.9, NaN, 0.2]) });
    const first = Array.from(p.subarray(0, 17));
    expect(first.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(first.filter((_, i) => i !== 1 && i !== 10).every((v) => v === 0)).toBe(true);
    expect(first[1]).toBeGreaterThan(0.5);
    expect(Array.from(p.subarray(17, 34)).every((v) => v === 0)).toBe(true);
  });

  it('is repeatable with a seed, and a depth limit makes shallower trees (a worse fit of the training rows)', () => {
    const train = table(300, 4);
    const t = { rows: 300, columns: 2, values: train.values };
    const a = RandomForest.train(t, train.labels, { trees: 5, seed: 7 }).predictProbabilities(t);
    const b = RandomForest.train(t, train.labels, { trees: 5, seed: 7 }).predictProbabilities(t);
    expect(a).toEqual(b);
    const stump = RandomForest.train(t, train.labels, { trees: 5, seed: 7, maxDepth: 1 }).predict(t);
    const full = RandomForest.train(t, train.labels, { trees: 5, seed: 7 }).predict(t);
    const fit = (p: Uint8Array) => train.labels.filter((l, i) => p[i] === l).length;
    expect(fit(full)).toBeGreaterThan(fit(stump));
  });
});

describe('the split by polygon', () => {
  const area = (id: string, lcz: number) => ({ area: { id, lcz, name: '', geometry: { type: 'Polygon', coordinates: [] } }, cells: Int32Array.of(1) }) as unknown as AreaCells;

  it('trains on about 70 % of each class\'s polygons and always holds one out', () => {
    const areas = [...Array.from({ length: 10 }, (_, i) => area(`a${i}`, 2)), ...Array.from({ length: 3 }, (_, i) => area(`b${i}`, 14)), area('lonely', 6)];
    let seed = 3;
    const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const seen = new Set<string>();
    for (let run = 0; run < 20; run++) {
      const train = splitByPolygon(areas, rnd);
      const count = (lcz: number) => areas.filter((a, i) => a.area.lcz === lcz && train[i]).length;
      expect([count(2), count(14), count(6)]).toEqual([7, 2, 1]);
      areas.forEach((a, i) => train[i] || seen.add(a.area.id));
    }
    // Over the runs, different polygons are held out.
    expect(seen.size).toBeGreaterThan(8);
  });
});
