import type { Command } from 'commander';
import type { RasterInfoView } from '../../shared/contract';
import { request } from '../cli-core';

/**
 * The JSON of `lcz info --json`. JSON has no NaN or infinities, and JSON.stringify would turn such a nodata into
 * null (= "no nodata"): like `gdalinfo -json`, they are written as the strings "NaN", "Infinity" and "-Infinity".
 */
export function infoJson(info: RasterInfoView): string {
  const nodata = info.nodata;
  const gdalNodata = nodata === null || Number.isFinite(nodata) ? nodata : Number.isNaN(nodata) ? 'NaN' : nodata > 0 ? 'Infinity' : '-Infinity';
  return JSON.stringify({ ...info, nodata: gdalNodata });
}

/** What a satellite product is and how it was read (its bands are reflectance, its clouds masked). */
function productLines(p: NonNullable<RasterInfoView['product']>): string[] {
  return [
    `Product:     ${p.id} (${p.spacecraft}, ${p.level}, ${p.reflectance} reflectance, acquired ${p.acquired})`,
    `Scaling:     ${p.scaling}`,
    `Masked:      ${p.masking}`,
    `Resampling:  ${p.resampling}`,
  ];
}

function formatInfo(path: string, info: RasterInfoView): string {
  const crs = info.crs.epsg ? `EPSG:${info.crs.epsg} (${info.crs.name})` : info.crs.name || 'unknown';
  const lines = [
    `File:        ${path}`,
    `Size:        ${info.width} x ${info.height} pixels, ${info.bands} band${info.bands === 1 ? '' : 's'}`,
    `Data type:   ${info.dtype}`,
    `CRS:         ${crs}`,
    `GeoTransform: ${info.geoTransform.join(', ')}`,
    `NoData:      ${info.nodata ?? 'none'}`,
    ...info.bandStats.map((s, i) => `Band ${i + 1}:      ${info.bandNames ? `${info.bandNames[i]}  ` : ''}min ${s.min}  max ${s.max}  mean ${s.mean}`),
    ...(info.product ? productLines(info.product) : []),
  ];
  return `${lines.join('\n')}\n`;
}

export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('describe any GeoTIFF: size, bands, data type, CRS, geotransform, nodata and per-band statistics')
    .argument('<raster>', 'a GeoTIFF file (LCZ map or multispectral scene), or a Sentinel-2 (.zip, .SAFE) or Landsat Collection 2 (.tar, folder) product')
    .option('--json', 'print exactly one JSON object on stdout')
    .action(async (raster: string, options: { json?: boolean }) => {
      const info = await request('rasters/info', { path: raster });
      process.stdout.write(options.json ? `${infoJson(info)}\n` : formatInfo(raster, info));
    });
}
