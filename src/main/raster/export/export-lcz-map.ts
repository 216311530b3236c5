/**
 * Writes an LCZ map as the product users expect (see docs/domain.md): a single-band Byte Cloud Optimized GeoTIFF,
 * classes 1-17, nodata 0, the LCZ colour table, overviews by nearest or mode, DEFLATE, on the input's CRS and grid;
 * plus a QGIS style beside it. Both files appear complete or not at all: they are written to temp files in the
 * output folder and renamed; a cancel or an error removes the temp files.
 */
import { randomUUID } from 'node:crypto';
import { realpath, rename, rm, stat, writeFile, access, constants } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../../../shared/errors';
import { rethrowWriteError } from '../../files/write-error';
import type { LczMap } from '../lcz-map';
import { encodeClassTiff } from './class-tiff';
import { translateToCog, type OverviewResampling } from './cog';
import { lczQgisStyle } from './qgis-style';

export interface ExportProgress {
  stage: string;
  done: number;
  total: number;
}

export interface ExportOptions {
  overviewResampling: OverviewResampling;
  onProgress?: (p: ExportProgress) => void;
  signal?: AbortSignal;
  /** Extra dataset metadata written into the GeoTIFF (for example SYNTHETIC=YES for the demo city). */
  metadata?: Record<string, string>;
  /** TIFF ImageDescription, shown by gdalinfo and QGIS's layer properties. */
  description?: string;
}

const STAGES = ['encode', 'cog', 'write', 'done'] as const;

/** Returns [the .tif written, the .qml written]. */
export async function exportLczMap(map: LczMap, output: string, opts: ExportOptions): Promise<string[]> {
  const target = resolve(output);
  const style = stylePath(target);
  const report = (stage: (typeof STAGES)[number]) => {
    opts.signal?.throwIfAborted();
    opts.onProgress?.({ stage, done: STAGES.indexOf(stage), total: STAGES.length - 1 });
    opts.signal?.throwIfAborted(); // a listener may cancel from its progress callback
  };

  await checkTarget(map, target, style);
  report('encode');
  const staged = encodeClassTiff({
    width: map.width,
    height: map.height,
    classes: map.classes,
    geoTransform: map.geoTransform,
    geoKeys: map.geoKeys,
    description: opts.description,
    metadata: { LCZ_PRODUCT: 'Local Climate Zones (Stewart and Oke 2012), values 1-17, 0 = no data', ...opts.metadata },
    bandDescription: 'LCZ class',
  });
  report('cog');
  const cog = await translateToCog(staged, opts.overviewResampling);
  report('write');

  const dir = dirname(target);
  const tag = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const temps = [join(dir, `.${basename(target)}.${tag}.tmp`), join(dir, `.${basename(style)}.${tag}.tmp`)] as const;
  try {
    await writeFile(temps[0], cog).catch((e: unknown) => rethrowWriteError(e, dir));
    await writeFile(temps[1], lczQgisStyle(), 'utf8').catch((e: unknown) => rethrowWriteError(e, dir));
    opts.signal?.throwIfAborted(); // last point of no return: after this both files are replaced
    await rename(temps[0], target).catch((e: unknown) => rethrowWriteError(e, target));
    await rename(temps[1], style).catch((e: unknown) => rethrowWriteError(e, style));
  } finally {
    // Leftover hidden temp files are harmless; a failure to remove them must not hide why the export failed.
    await Promise.all(temps.map((t) => rm(t, { force: true }).catch(() => undefined)));
  }
  opts.onProgress?.({ stage: 'done', done: STAGES.length - 1, total: STAGES.length - 1 });
  return [target, style];
}

/** The .qml beside the .tif: same name without .tif / .tiff. */
export function stylePath(tif: string): string {
  if (!/\.tiff?$/i.test(tif)) throw new UserError('an LCZ map product is a GeoTIFF: give the output a .tif name', tif);
  return tif.replace(/\.tiff?$/i, '.qml');
}

async function checkTarget(map: LczMap, target: string, style: string): Promise<void> {
  if (map.path && (await sameFile(map.path, target))) {
    throw new UserError('this is the map being exported; choose another output file so the input is not overwritten', target);
  }
  const dir = dirname(target);
  const info = await stat(dir).catch((e: unknown) => rethrowWriteError(e, dir));
  if (!info.isDirectory()) throw new UserError('the output folder is not a folder', dir);
  await access(dir, constants.W_OK).catch(() => {
    throw new UserError('cannot write in this folder (permission denied)', dir);
  });
  for (const file of [target, style]) {
    const existing = await stat(file).catch(() => undefined);
    if (existing?.isDirectory()) throw new UserError('a folder has this name; choose another file name', file);
  }
}

async function sameFile(a: string, b: string): Promise<boolean> {
  if (resolve(a) === resolve(b)) return true;
  const [ra, rb] = await Promise.all([realpath(a).catch(() => undefined), realpath(b).catch(() => undefined)]);
  return ra !== undefined && ra === rb;
}
