import type { Run } from './row-source';

export interface RunPlan {
  runs: Run[];
  /** For each requested index (in the caller's order), its row in the concatenated runs. */
  rowOf: Uint32Array;
}

/**
 * Which rows to read for a batch of indices: the indices sorted, then gathered into runs of consecutive rows,
 * reading through gaps of up to `gapRows` unwanted rows when that is cheaper than another read call. Duplicate
 * indices share their row. Runs never exceed `maxRunRows` (bounded memory per read).
 */
export function planRuns(indices: ArrayLike<number>, rows: number, gapRows: number, maxRunRows = 4096): RunPlan {
  const n = indices.length;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    const index = indices[i]!;
    if (!Number.isInteger(index) || index < 0 || index >= rows) throw new RangeError(`patch index ${index} is outside 0..${rows - 1}`);
  }
  order.sort((a, b) => indices[a]! - indices[b]!);
  const runs: Run[] = [];
  const rowOf = new Uint32Array(n);
  let outRows = 0;
  let run: Run | null = null;
  for (const i of order) {
    const index = indices[i]!;
    const end: number = run ? run.start + run.count : 0;
    if (run && index < end) {
      rowOf[i] = outRows - (end - index);
      continue;
    }
    if (run && index - end <= gapRows && index + 1 - run.start <= maxRunRows) {
      outRows += index + 1 - end;
      run.count = index + 1 - run.start;
    } else {
      run = { start: index, count: 1 };
      runs.push(run);
      outRows += 1;
    }
    rowOf[i] = outRows - 1;
  }
  return { runs, rowOf };
}
