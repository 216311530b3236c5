/**
 * Run in a child process by the memory test and the benchmark (node --import tsx): `write DIR SIZE` writes a.tif and
 * b.tif (b on a grid shifted by half a cell, so it is resampled), `compare DIR` compares them into DIR/out and
 * prints the figures and the process's peak resident memory as JSON.
 */
import { join } from 'node:path';
import { compareMaps } from '../../src/main/compare/compare-maps';
import { writeLargeMap } from './large-maps';

const [mode, dir, size] = process.argv.slice(2);
if (mode === 'write') {
  await Promise.all([writeLargeMap(join(dir!, 'a.tif'), Number(size), 1), writeLargeMap(join(dir!, 'b.tif'), Number(size), 2, 0.5)]);
} else {
  const startRssMb = process.memoryUsage().rss / 2 ** 20;
  const started = performance.now();
  const { comparison } = await compareMaps({ a: join(dir!, 'a.tif'), b: join(dir!, 'b.tif'), outDir: join(dir!, 'out') }, { signal: new AbortController().signal, progress: () => {} });
  process.stdout.write(
    `${JSON.stringify({
      cells: comparison.cells,
      agreement: comparison.agreement,
      resampled: comparison.inputs.b.resampled,
      cloudOptimized: comparison.cloudOptimized,
      seconds: (performance.now() - started) / 1000,
      startRssMb,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
}
