/**
 * scikit-learn's RandomForestClassifier on exactly the features and polygon splits LCZ Studio's bootstrap used
 * (scripts/bench/areas_sklearn.py, run by /usr/bin/python3): the reference the tests and `npm run bench -- areas`
 * compare the forest's accuracy and speed with.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AreaCells } from '../../src/main/areas/area-cells';
import { gatherRows, labelledCells } from '../../src/main/areas/bootstrap';
import type { FeatureTable } from '../../src/main/areas/feature-ranks';
import { PYTHON } from './python';

const SCRIPT = resolve(import.meta.dirname, '..', '..', 'scripts', 'bench', 'areas_sklearn.py');

export interface SklearnRuns {
  oa: number[];
  fitSeconds: number;
  predictSeconds: number;
  finalFitSeconds?: number;
  mapSeconds?: number;
}

export function sklearnBootstrap(
  table: FeatureTable,
  areas: readonly AreaCells[],
  splits: readonly (readonly string[])[],
  forest: { trees: number; maxDepth: number | null },
  mapTable?: FeatureTable,
): SklearnRuns {
  const usable = areas.filter((a) => a.cells.length > 0);
  const { cells, labels, owner } = labelledCells(usable);
  const index = new Map(usable.map((a, i) => [a.area.id, i]));
  const dir = mkdtempSync(join(tmpdir(), 'lcz-sklearn-'));
  try {
    const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    writeFileSync(join(dir, 'x.bin'), bytes(gatherRows(table, cells).values));
    writeFileSync(join(dir, 'y.bin'), labels);
    writeFileSync(join(dir, 'owner.bin'), bytes(owner));
    if (mapTable) writeFileSync(join(dir, 'grid.bin'), bytes(mapTable.values));
    const meta = { features: table.columns, trees: forest.trees, maxDepth: forest.maxDepth, splits: splits.map((ids) => ids.map((id) => index.get(id)!)) };
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta));
    return JSON.parse(execFileSync(PYTHON, [SCRIPT, dir], { encoding: 'utf8', maxBuffer: 1 << 26 })) as SklearnRuns;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
