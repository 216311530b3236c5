/**
 * `npm run bench -- compare [--size 20000]`: compares two size x size LCZ maps (400 M cells at the default, the
 * limit of an LCZ map; the second on a grid shifted by half a cell, so it is resampled) in a child process and prints
 * the time, cells per second and the child's peak resident memory, beside the memory whole-map reading would need at
 * the least (one byte per cell of each map, before any output). Target: peak memory flat, well under that figure.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const sizeFlag = process.argv.indexOf('--size');
const size = sizeFlag >= 0 ? Number(process.argv[sizeFlag + 1]) : 20_000;
if (!Number.isInteger(size) || size < 100) throw new Error(`--size takes a whole number of cells per side (100 or more), not ${process.argv[sizeFlag + 1]}`);

const child = join(import.meta.dirname, '..', '..', 'test', 'compare', 'large-compare-child.ts');
const run = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', child, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const dir = mkdtempSync(join(tmpdir(), 'lcz-bench-compare-'));
try {
  process.stdout.write(`writing two ${size} x ${size} maps...\n`);
  run('write', dir, String(size));
  const figures = JSON.parse(run('compare', dir)) as { cells: { compared: number }; seconds: number; startRssMb: number; peakRssMb: number; resampled: boolean; cloudOptimized: boolean };
  const cells = size * size;
  const wholeMapMb = (2 * cells) / 2 ** 20;
  process.stdout.write(
    [
      `CPU: ${cpus()[0]?.model ?? 'unknown'} x ${cpus().length}`,
      `maps: ${size} x ${size} = ${cells.toLocaleString('en-US')} cells each; second resampled: ${figures.resampled}; COG: ${figures.cloudOptimized}`,
      `time: ${figures.seconds.toFixed(1)} s, ${(cells / figures.seconds / 1e6).toFixed(2)} M cells/s`,
      `peak resident memory of the comparison process: ${figures.peakRssMb.toFixed(0)} MB (${figures.startRssMb.toFixed(0)} MB before it started)`,
      `reading both maps whole would hold at least ${wholeMapMb.toFixed(0)} MB of classes alone`,
      '',
    ].join('\n'),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
