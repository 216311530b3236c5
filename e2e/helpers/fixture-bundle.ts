// A second model bundle for mapping tests (random weights, the shape of the demo model), so the model list holds
// more than the demo bundle and an ensemble can be chosen.
import { writeBundle } from '../../src/main/bundles/bundle-io';
import { makeCnnOnnx, manifestFor } from '../../test/fixtures/onnx-models';

/** Writes a seeded random-weight CNN bundle (10 Sentinel-2 bands, 32 px patches) into `dir`. */
export async function writeFixtureBundle(dir: string, name: string, seed = 3): Promise<void> {
  await writeBundle(dir, manifestFor({ seed }, { name }), makeCnnOnnx({ seed }));
}
