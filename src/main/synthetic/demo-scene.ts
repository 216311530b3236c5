/**
 * Writes the synthetic city to disk: the Sentinel-2-like scene (streamed strip by strip, so any size fits in
 * flat memory) and its true LCZ map as the standard product. Used by `lcz demo`, the demo-scene job, tests and
 * benchmarks.
 */
import { access, constants, mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { demoSceneSizeProblem } from '../../shared/contract';
import { UserError } from '../../shared/errors';
import { exportLczMap } from '../raster/export/export-lcz-map';
import { createGeoTiffWriter, type GeoTiffWriter } from '../raster/write/geotiff-writer';
import type { GeoTiffOptions } from '../raster/write/geotiff-options';
import { SCENE_BANDS, createSyntheticScene, type SyntheticScene } from './scene';
import { SYNTHETIC_CITY_NAME } from './synthetic-city';

export const DEMO_SCENE_FILE = 'synthetic-city-s2.tif';
export const DEMO_TRUTH_FILE = 'synthetic-city-truth.tif';

export interface SceneProgress {
  stage: string;
  done: number;
  total: number;
}

export interface WriteSceneOptions {
  seed?: number;
  /** Cells (100 m) across and down; the scene has 10 times as many pixels. */
  size?: number;
  onProgress?: (progress: SceneProgress) => void;
  signal?: AbortSignal;
}

/** Rows rendered and handed to the writer at a time: a few MB of pixels however wide the scene. */
const ROWS_PER_BATCH = 32;
const RENDER_STAGE = 'Rendering scene';

/** The GeoTIFF of a scene: DEFLATE, nodata 0, bands named as Sentinel-2 names them, marked synthetic. */
export function sceneTiffOptions(scene: SyntheticScene): GeoTiffOptions {
  return {
    width: scene.width,
    height: scene.height,
    bands: SCENE_BANDS.length,
    dataType: 'UInt16',
    geoTransform: scene.geoTransform,
    geoKeys: scene.geoKeys,
    nodata: 0,
    bandDescriptions: [...SCENE_BANDS],
    metadata: {
      SYNTHETIC: 'YES',
      SYNTHETIC_SEED: String(scene.seed),
      SENSOR: 'Sentinel-2 MSI (simulated)',
      VALUES: 'surface reflectance x 10000',
    },
    description: `${SYNTHETIC_CITY_NAME}: a synthetic Sentinel-2 scene made by LCZ Studio (seed ${scene.seed}); not real data.`,
    compression: 'deflate',
    // Level 1: 1.7 times as fast as zlib's default 6 on these pixels, for a file only 4 % larger (measured on a
    // 4000 x 4000 scene: 47 vs 27 MB/s a thread, 0.465 vs 0.447 of the raw size).
    deflateLevel: 1,
  };
}

/** Writes a synthetic scene of `size` cells (size 400: 4000 x 4000 pixels) to `path`, complete or not at all. */
export async function writeSyntheticScene(path: string, options: WriteSceneOptions = {}): Promise<SyntheticScene> {
  const scene = createSyntheticScene({ seed: options.seed, size: checkSize(options.size ?? 300) });
  const writer = await createGeoTiffWriter(path, sceneTiffOptions(scene));
  try {
    await renderInto(writer, scene, options);
    await writer.finish();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return scene;
}

/**
 * Writes <outDir>/synthetic-city-s2.tif (the scene) and <outDir>/synthetic-city-truth.tif (+ .qml, its LCZ map).
 * Both appear or neither: the truth is written while the scene is still a temp file, and removed again if the
 * scene cannot be finished. Cancellable between strips of rows.
 */
export async function writeDemoScene(outDir: string, options: WriteSceneOptions = {}): Promise<{ scenePath: string; truthPath: string }> {
  const dir = resolve(outDir);
  await prepareFolder(dir);
  const scenePath = join(dir, DEMO_SCENE_FILE);
  const truthPath = join(dir, DEMO_TRUTH_FILE);
  const scene = createSyntheticScene({ seed: options.seed, size: checkSize(options.size ?? 150) });
  // The scene names its truth, so the app and `lcz map` can report accuracy without being told where it is.
  const tiff = sceneTiffOptions(scene);
  const writer = await createGeoTiffWriter(scenePath, { ...tiff, metadata: { ...tiff.metadata, LCZ_TRUTH: DEMO_TRUTH_FILE } });
  let truthFiles: string[] = [];
  try {
    await renderInto(writer, scene, options);
    truthFiles = await exportLczMap(scene.truth, truthPath, {
      overviewResampling: 'mode',
      signal: options.signal,
      onProgress: (p) => options.onProgress?.({ stage: 'Writing the true LCZ map', done: p.done, total: p.total }),
      description: `${SYNTHETIC_CITY_NAME}: the true LCZ map of the synthetic scene ${DEMO_SCENE_FILE} (seed ${scene.seed}); not real data.`,
      metadata: { SYNTHETIC: 'YES', SYNTHETIC_SEED: String(scene.seed) },
    });
    options.signal?.throwIfAborted();
    await writer.finish();
  } catch (error) {
    await writer.abort();
    await Promise.all(truthFiles.map((file) => rm(file, { force: true })));
    throw error;
  }
  return { scenePath, truthPath };
}

async function renderInto(writer: GeoTiffWriter, scene: SyntheticScene, options: WriteSceneOptions): Promise<void> {
  const { signal, onProgress } = options;
  onProgress?.({ stage: RENDER_STAGE, done: 0, total: scene.height });
  for (let y = 0; y < scene.height; y += ROWS_PER_BATCH) {
    signal?.throwIfAborted();
    const rows = Math.min(ROWS_PER_BATCH, scene.height - y);
    await writer.writeRows(y, scene.renderRows(y, rows));
    onProgress?.({ stage: RENDER_STAGE, done: y + rows, total: scene.height });
  }
  signal?.throwIfAborted();
}

function checkSize(size: number): number {
  const problem = demoSceneSizeProblem(size);
  if (problem) throw new UserError(problem);
  return size;
}

/** The output folder must exist (or be creatable in an existing parent), be a folder, and be writable. */
async function prepareFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) {
    const parent = await stat(dirname(dir)).catch(() => undefined);
    if (!parent?.isDirectory()) throw new UserError('the output folder does not exist, nor does the folder it would go in', dir);
    await mkdir(dir).catch((e: unknown) => {
      throw new UserError(`cannot create the output folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`, dir);
    });
    return;
  }
  if (!info.isDirectory()) throw new UserError('the output folder is a file, not a folder', dir);
  await access(dir, constants.W_OK).catch(() => {
    throw new UserError('cannot write in the output folder (permission denied)', dir);
  });
}
