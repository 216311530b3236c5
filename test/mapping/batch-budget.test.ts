// Batches sized to the machine: 256 cells on two cores (what the mapping benchmark measures), more on more cores,
// fewer when the models' patches, test-time augmentation or the machine's memory call for it, so that the estimated
// peak memory stays under 1.5 GB (or half the machine) however many members an ensemble has.
import { describe, expect, it } from 'vitest';
import { MEMORY_TARGET_BYTES, planBatches, type BatchPlanInput } from '../../src/main/mapping/batch-budget';

const GB = 1024 ** 3;
/** The demo bundle: 10 bands x 32 x 32. */
const DEMO_PATCH = 10 * 32 * 32;
const base: BatchPlanInput = { threads: 2, views: 1, patchLengths: [DEMO_PATCH], cells: 400 * 400, sampleBytes: 2, machineBytes: 24 * GB };

describe('batch sizing', () => {
  it('gives 256 cells on two cores for the demo bundle, with or without test-time augmentation', () => {
    expect(planBatches(base).batchCells).toBe(256);
    const tta = planBatches({ ...base, views: 4 });
    expect(tta.batchCells).toBe(256);
    expect(tta.estimatedBytes).toBeLessThan(MEMORY_TARGET_BYTES);
  });

  it('grows with the cores, up to a limit', () => {
    expect(planBatches({ ...base, threads: 1 }).batchCells).toBe(128);
    expect(planBatches({ ...base, threads: 4 }).batchCells).toBe(512);
    expect(planBatches({ ...base, threads: 8 }).batchCells).toBe(1024);
    expect(planBatches({ ...base, threads: 64 }).batchCells).toBe(1024);
  });

  it('shrinks for a large ensemble of large patches with test-time augmentation, keeping the estimate under 1.5 GB', () => {
    const big = planBatches({ ...base, threads: 8, views: 4, patchLengths: Array.from({ length: 32 }, (_, i) => (i % 2 ? 10 * 64 * 64 : DEMO_PATCH)), cells: 2000 * 2000 });
    expect(big.batchCells).toBeLessThan(1024);
    expect(big.batchCells).toBeGreaterThanOrEqual(8);
    expect(big.estimatedBytes).toBeLessThanOrEqual(1.5 * GB);
    // The largest member decides: the same ensemble without its 64 x 64 members affords larger batches.
    const small = planBatches({ ...base, threads: 8, views: 4, patchLengths: Array.from({ length: 32 }, () => DEMO_PATCH), cells: 2000 * 2000 });
    expect(small.batchCells).toBeGreaterThan(big.batchCells);
  });

  it('counts what does grow with the members (a vote per cell) and holds half the memory of a small machine', () => {
    const one = planBatches({ ...base, cells: 2000 * 2000 });
    const many = planBatches({ ...base, cells: 2000 * 2000, patchLengths: Array.from({ length: 32 }, () => DEMO_PATCH) });
    expect(many.estimatedBytes - one.estimatedBytes).toBe(31 * 2000 * 2000);
    const small = planBatches({ ...base, views: 4, patchLengths: [10 * 64 * 64], machineBytes: 2 * GB });
    expect(small.targetBytes).toBe(1 * GB);
    expect(small.estimatedBytes).toBeLessThanOrEqual(1 * GB);
    expect(small.batchCells).toBeLessThan(256);
  });
});
