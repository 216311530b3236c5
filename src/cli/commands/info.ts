import type { Command } from 'commander';
import type { RasterInfo } from '../../main/raster/info';

/**
 * The JSON of `lcz info --json`. JSON has no NaN or infinities, and JSON.stringify would turn such a nodata into
 * null (= "no nodata"): like `gdalinfo -json`, they are written as the strings "NaN", "Infinity" and "-Infinity".
 */
export function infoJson(info: RasterInfo): string {
  const nodata = info.nodata;
  const gdalNodata = nodata === null || Number.isFinite(nodata) ? nodata : Number.isNaN(nodata) ? 'NaN' : nodata > 0 ? 'Infinity' : '-Infinity';
  return JSON.stringify({ ...info, nodata: gdalNodata });
}

function formatInfo(path: string, info: RasterInfo): string {
  const crs = info.crs.epsg ? `EPSG:${info.crs.epsg} (${info.crs.name})` : info.crs.name || 'unknown';
  const lines = [
    `File:        ${path}`,
    `Size:        ${info.width} x ${info.height} pixels, ${info.bands} band${info.bands === 1 ? '' : 's'}`,
    `Data type:   ${info.dtype}`,
    `CRS:         ${crs}`,
    `GeoTransform: ${info.geoTransform.join(', ')}`,
    `NoData:      ${info.nodata ?? 'none'}`,
    ...info.bandStats.map((s, i) => `Band ${i + 1}:      min ${s.min}  max ${s.max}  mean ${s.mean}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('describe any GeoTIFF: size, bands, data type, CRS, geotransform, nodata and per-band statistics')
    .argument('<raster>', 'a GeoTIFF file (LCZ map or multispectral scene)')
    .option('--json', 'print exactly one JSON object on stdout')
    .action(async (raster: string, options: { json?: boolean }) => {
      const { rasterInfo } = await import('../../main/raster/info');
      const info = await rasterInfo(raster);
      process.stdout.write(options.json ? `${infoJson(info)}\n` : formatInfo(raster, info));
    });
}
