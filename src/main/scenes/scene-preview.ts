import { bandSpec } from '../../shared/bands';
import type { ScenePreview, SceneSettings } from '../../shared/contract/scenes';
import type { GeoTransform } from '../../shared/geo';
import { mercatorWarp, toBase64 } from '../raster/display-grid';
import { isNoData } from './no-data';
import type { SceneReader } from './scene-reader';

/** Raw samples per read while building the preview. */
const READ_SAMPLES = 8 * 1024 * 1024;

/** The file bands to draw as red, green and blue: by name when the settings name them, else bands 1-3 as QGIS does. */
export function trueColourBands(settings: SceneSettings, bandCount: number): number[] {
  const find = (common: string) => settings.bands.findIndex((id) => id !== null && bandSpec(id)?.common === common);
  const rgb = [find('red'), find('green'), find('blue')];
  if (rgb.every((i) => i >= 0)) return rgb;
  return bandCount >= 3 ? [0, 1, 2] : [0];
}

/** Per-channel 2nd and 98th percentiles of the valid values: the usual stretch for a true-colour picture. */
function stretch(values: Float32Array, valid: Uint8Array): [number, number] {
  const sample: number[] = [];
  const step = Math.max(1, Math.floor(values.length / 200_000));
  for (let i = 0; i < values.length; i += step) if (valid[i]) sample.push(values[i]!);
  if (sample.length === 0) return [0, 1];
  sample.sort((a, b) => a - b);
  const lo = sample[Math.floor(0.02 * (sample.length - 1))]!;
  const hi = sample[Math.floor(0.98 * (sample.length - 1))]!;
  return [lo, hi > lo ? hi : lo + 1];
}

/**
 * A true-colour picture of a scene for the map: block means of the drawn bands over f x f pixels (reading the scene
 * in windows, so memory stays small), stretched, then warped to Web Mercator like every other layer.
 */
export async function scenePreview(full: SceneReader, settings: SceneSettings, maxSide = 1024, signal?: AbortSignal): Promise<ScenePreview> {
  const bands = trueColourBands(settings, full.scene.bandCount);
  // A product's JPEG 2000 bands decode directly at a reduced resolution: a whole Sentinel-2 tile in seconds, not minutes.
  const overview = await full.overview(Math.ceil(Math.max(full.scene.width, full.scene.height) / maxSide), bands);
  try {
    return await previewOf(overview ?? full, bands, settings, maxSide, signal);
  } finally {
    await overview?.close();
  }
}

async function previewOf(reader: SceneReader, bands: number[], settings: SceneSettings, maxSide: number, signal?: AbortSignal): Promise<ScenePreview> {
  const { scene } = reader;
  const f = Math.max(1, Math.ceil(Math.max(scene.width, scene.height) / maxSide));
  const w = Math.ceil(scene.width / f);
  const h = Math.ceil(scene.height / f);
  const sums = bands.map(() => new Float32Array(w * h));
  const counts = new Uint16Array(w * h);
  const rowsPerRead = Math.max(f, Math.floor(READ_SAMPLES / (scene.width * bands.length) / f) * f);
  for (let y0 = 0; y0 < scene.height; y0 += rowsPerRead) {
    const win = await reader.read(y0, y0 + rowsPerRead, bands, signal);
    for (let r = 0; r < win.rows; r++) {
      const pr = Math.floor((win.y0 + r) / f) * w;
      for (let c = 0; c < scene.width; c++) {
        const i = r * scene.width + c;
        let ok = true;
        for (const band of win.bands) {
          const v = band[i]!;
          if (isNoData(v, scene.nodata)) ok = false;
        }
        if (!ok) continue;
        const p = pr + Math.floor(c / f);
        counts[p]!++;
        win.bands.forEach((band, b) => (sums[b]![p]! += band[i]!));
      }
    }
  }
  const valid = Uint8Array.from(counts, (n) => (n > 0 ? 1 : 0));
  for (const s of sums) for (let p = 0; p < s.length; p++) if (counts[p]) s[p]! /= counts[p]!;
  const ranges = sums.map((s) => stretch(s, valid));

  const [x0, pw, , y0, , ph] = scene.geoTransform;
  const reduced = { path: scene.path, width: w, height: h, crs: scene.crs, geoTransform: [x0, pw * f, 0, y0, 0, ph * f] as GeoTransform };
  const warp = mercatorWarp(reduced, maxSide);
  const rgb = new Uint8Array(warp.sourceIndex.length * 3);
  for (let i = 0; i < warp.sourceIndex.length; i++) {
    const s = warp.sourceIndex[i]!;
    if (s < 0 || !valid[s]) continue;
    for (let k = 0; k < 3; k++) {
      const b = Math.min(k, sums.length - 1);
      const [lo, hi] = ranges[b]!;
      // 1, not 0: black stays for "no data".
      rgb[i * 3 + k] = Math.max(1, Math.min(255, Math.round(((sums[b]![s]! - lo) / (hi - lo)) * 255)));
    }
  }
  return {
    width: warp.width,
    height: warp.height,
    corners: warp.corners.map(([lon, lat]) => [lon, lat] as [number, number]) as ScenePreview['corners'],
    rgbBase64: toBase64(rgb),
    drawn: bands.map((b) => settings.bands[b] ?? `band ${b + 1}`),
  };
}
