import { join } from 'node:path';
import { SO2SAT_S2_BANDS, sensorBands, type Sensor } from '../../src/shared/bands';
import type { BundleManifest } from '../../src/shared/bundle-manifest';
import { writeBundle } from '../../src/main/bundles/bundle-io';
import { makeCnnOnnx, manifestFor, type CnnFixtureOptions } from '../fixtures/onnx-models';

/**
 * A bundle of a seeded random CNN (any weights map; they just map badly) for a sensor's bands, written into `dir`.
 * Band statistics are made up but plausible for the scaling the scene is read with.
 */
export async function randomBundle(dir: string, o: CnnFixtureOptions & { sensor?: Sensor; bandIds?: string[]; mean?: number; std?: number; resolutionM?: number } = {}): Promise<string> {
  // Sentinel-2: So2Sat's 10 bands (what the synthetic scenes hold); Landsat: all the sensor's reflective bands.
  const ids = o.bandIds ?? (o.sensor && o.sensor !== 'sentinel-2' ? sensorBands(o.sensor).map((b) => b.id) : [...SO2SAT_S2_BANDS]);
  const options = { ...o, channels: ids.length };
  const manifest: BundleManifest = manifestFor(options);
  manifest.bands = ids.map((id) => ({ id, mean: o.mean ?? 0.1, std: o.std ?? 0.05 }));
  manifest.input.resolutionM = o.resolutionM ?? 10;
  await writeBundle(dir, manifest, makeCnnOnnx(options));
  return join(dir);
}
