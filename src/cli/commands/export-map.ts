import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { resolveOutputPath } from '../../main/files/output-location';
import { runJobFromCli } from '../run-job';

export function registerExportMap(program: Command): void {
  program
    .command('export-map')
    .description('write an LCZ map as a paletted Cloud Optimized GeoTIFF (Byte, 1-17, nodata 0) with a QGIS style beside it')
    .argument('<in.tif>', 'an LCZ map GeoTIFF (any type, nodata, CRS; legacy codes 101-107 accepted)')
    .argument('<out.tif>', 'the product to write; <out>.qml is written beside it')
    .addOption(new Option('--overviews <resampling>', 'overview resampling').choices(['mode', 'nearest']).default('mode'))
    .action(async (input: string, output: string, options: { overviews: 'mode' | 'nearest' }) => {
      const outputs = await runJobFromCli({
        kind: 'export-map',
        params: { input: resolve(input), output: resolveOutputPath(output, '<out.tif>'), overviewResampling: options.overviews },
      });
      for (const file of outputs) process.stdout.write(`${file}\n`);
    });
}
