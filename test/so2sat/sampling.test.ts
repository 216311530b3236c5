import { describe, expect, it } from 'vitest';
import { augmentBatch, transformPatch } from '../../src/main/so2sat/augment';
import { epochOrder } from '../../src/main/so2sat/epoch-order';
import { planRuns } from '../../src/main/so2sat/run-plan';
import { splitIndices } from '../../src/main/so2sat/split';
import { python, pythonMissing } from '../helpers/python';

/** Transform t of one patch, as a new array. */
function transformed(patch: Float32Array, size: number, channels: number, t: number): Float32Array {
  const out = new Float32Array(patch.length);
  transformPatch(patch, 0, out, 0, size, channels, t);
  return out;
}

const isPermutation = (order: Uint32Array, items: readonly number[]) => [...order].sort((a, b) => a - b).join() === [...items].sort((a, b) => a - b).join();

describe('epoch order', () => {
  it('is a permutation, repeatable, and different across epochs and seeds', () => {
    const n = 1000;
    const all = Array.from({ length: n }, (_, i) => i);
    const a = epochOrder(n, { seed: 5, epoch: 0 });
    expect(isPermutation(a, all)).toBe(true);
    expect(epochOrder(n, { seed: 5, epoch: 0 })).toEqual(a);
    const others = [epochOrder(n, { seed: 5, epoch: 1 }), epochOrder(n, { seed: 6, epoch: 0 })];
    for (const b of others) {
      expect(isPermutation(b, all)).toBe(true);
      const same = a.reduce((k, v, i) => k + (v === b[i] ? 1 : 0), 0);
      expect(same).toBeLessThan(n / 20);
    }
  });

  it('mixes whole blocks within windows, and shuffles a list of indices (a split) the same way', () => {
    const n = 1000;
    const order = epochOrder(n, { seed: 1, blockSize: 10, windowBlocks: 5 });
    for (let w = 0; w < n; w += 50) {
      const blocks = new Set([...order.subarray(w, w + 50)].map((i) => Math.floor(i / 10)));
      expect(blocks.size).toBe(5); // each window is 5 whole blocks of 10
    }
    // Shuffled inside the window: few neighbours stay neighbours.
    const window = order.subarray(0, 50);
    expect(window.filter((v, i) => i > 0 && v === window[i - 1]! + 1).length).toBeLessThan(10);
    const subset = Array.from({ length: 300 }, (_, i) => i * 3 + 1);
    const subsetOrder = epochOrder(subset, { seed: 9 });
    expect(isPermutation(subsetOrder, subset)).toBe(true);
    // blockSize 1: a uniform shuffle; the uneven last block is kept.
    expect(isPermutation(epochOrder(7, { seed: 2, blockSize: 1 }), [0, 1, 2, 3, 4, 5, 6])).toBe(true);
    expect(isPermutation(epochOrder(1003, { seed: 2, blockSize: 32, windowBlocks: 4 }), Array.from({ length: 1003 }, (_, i) => i))).toBe(true);
  });
});

describe('train / validation split', () => {
  it('is seeded, disjoint, complete, and of the asked size', () => {
    const split = splitIndices(1000, { seed: 3, validationFraction: 0.2 });
    expect(split.validation.length).toBe(200);
    expect(isPermutation(Uint32Array.from([...split.train, ...split.validation]), Array.from({ length: 1000 }, (_, i) => i))).toBe(true);
    expect(splitIndices(1000, { seed: 3, validationFraction: 0.2 })).toEqual(split);
    expect(splitIndices(1000, { seed: 4, validationFraction: 0.2 }).validation).not.toEqual(split.validation);
    const blocks = splitIndices(1000, { seed: 3, validationFraction: 0.3, blockSize: 50 });
    expect(blocks.validation.length).toBe(300);
    expect(new Set([...blocks.validation].map((i) => Math.floor(i / 50))).size).toBe(6);
  });

  it('stratified: every class split in the same proportion; invalid labels (class 0) left out', () => {
    const classOf = Uint8Array.from({ length: 1700 }, (_, i) => (i % 17 === 0 && i % 2 === 0 ? 0 : 1 + (i % 17)));
    const split = splitIndices(classOf.length, { seed: 1, validationFraction: 0.25, stratifyBy: classOf });
    for (let cls = 1; cls <= 17; cls++) {
      const total = classOf.filter((c) => c === cls).length;
      const inValidation = [...split.validation].filter((i) => classOf[i] === cls).length;
      expect(inValidation, `class ${cls}`).toBe(Math.round(total * 0.25));
    }
    expect([...split.train, ...split.validation].some((i) => classOf[i] === 0)).toBe(false);
  });
});

describe('run planning', () => {
  it('reads sorted runs, through small gaps, and maps every index (duplicates too) to its row', () => {
    const plan = planRuns([9, 2, 3, 40, 3, 12, 41], 100, 3);
    expect(plan.runs).toEqual([
      { start: 2, count: 2 },
      { start: 9, count: 4 },
      { start: 40, count: 2 },
    ]);
    const rows = plan.runs.flatMap((r) => Array.from({ length: r.count }, (_, k) => r.start + k));
    expect([...plan.rowOf].map((r) => rows[r])).toEqual([9, 2, 3, 40, 3, 12, 41]);
    expect(planRuns([5, 6, 7, 8], 100, 0, 2).runs).toEqual([
      { start: 5, count: 2 },
      { start: 7, count: 2 },
    ]);
  });
});

describe('augmentation', () => {
  const size = 5;
  const channels = 3;
  const patch = Float32Array.from({ length: size * size * channels }, (_, i) => i);

  it.skipIf(pythonMissing('numpy'))('is exactly numpy.rot90 / fliplr on channels-last patches, for all 8 transforms', () => {
    const numpy = JSON.parse(
      python(`import json, numpy as np\nx = np.arange(${patch.length}, dtype=float).reshape(${size}, ${size}, ${channels})\nprint(json.dumps([np.rot90(np.fliplr(x) if t >= 4 else x, t % 4).ravel().tolist() for t in range(8)]))`),
    ) as number[][];
    for (let t = 0; t < 8; t++) {
      const out = new Float32Array(patch.length);
      transformPatch(patch, 0, out, 0, size, channels, t);
      expect([...out], `transform ${t}`).toEqual(numpy[t]);
    }
  });

  it('is pure and seeded: same seed, same transforms; sen2 and sen1 of a patch get the same one', () => {
    const n = 16;
    const sen2 = Float32Array.from({ length: n * 4 * 4 * 2 }, (_, i) => i);
    const sen1 = Float32Array.from({ length: n * 4 * 4 * 1 }, (_, i) => -i);
    const copy = sen2.slice();
    const a = augmentBatch([{ patches: sen2, channels: 2 }, { patches: sen1, channels: 1 }], n, 4, 11);
    expect(sen2).toEqual(copy);
    expect(augmentBatch([{ patches: sen2, channels: 2 }, { patches: sen1, channels: 1 }], n, 4, 11)).toEqual(a);
    expect(new Set(a.transforms).size).toBeGreaterThan(3);
    expect(augmentBatch([{ patches: sen2, channels: 2 }], n, 4, 12).transforms).not.toEqual(a.transforms);
    for (let p = 0; p < n; p++) {
      const t = a.transforms[p]!;
      expect(a.arrays[0]!.subarray(p * 32, (p + 1) * 32)).toEqual(transformed(sen2.subarray(p * 32, (p + 1) * 32), 4, 2, t));
      expect(a.arrays[1]!.subarray(p * 16, (p + 1) * 16)).toEqual(transformed(sen1.subarray(p * 16, (p + 1) * 16), 4, 1, t));
    }
  });
});
