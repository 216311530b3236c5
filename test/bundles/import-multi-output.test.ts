// A model with several outputs (an auxiliary head, features beside the class scores) is not imported by taking its
// first output: the import asks which output holds the class scores, listing them with their shapes, refuses one
// that cannot be class scores, and the output chosen is the one mapping then uses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../../src/main/bundles/bundle-io';
import { importModel, loadImportSource, planImport, type ImportAnswers } from '../../src/main/bundles/import-model';
import { askForMissing } from '../../src/cli/commands/import-model-prompts';
import { readAllBands } from '../../src/main/raster/read-bands';
import { readSceneFile } from '../../src/main/scenes/scene-file';
import { settingsFromFile } from '../../src/main/scenes/scene-settings';
import { writeDemoScene } from '../../src/main/synthetic/demo-scene';
import { tempFolder } from '../fixtures/onnx-models';
import { pythonAsync, pythonMissing } from '../helpers/python';
import { outputsOf, runJob } from '../helpers/jobs';
import { lczCli } from '../helpers/lcz-cli';

const temp = tempFolder('lcz-import-multi-');
afterAll(temp.cleanup);

/**
 * One PyTorch network with an auxiliary head, the main head and its feature maps, exported three times with the same
 * weights: with all three outputs (the auxiliary first, as a model with a deep-supervision head comes), and with
 * each head alone, as references.
 */
const TORCH_EXPORT = `
import sys, torch
out = sys.argv[1]
torch.manual_seed(0)
class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(10, 8, 3, padding=1)
        self.bn = torch.nn.BatchNorm2d(8)
        self.aux = torch.nn.Linear(8, 17)
        self.fc = torch.nn.Linear(8, 17)
        self.outputs = ('aux', 'logits', 'features')
    def forward(self, x):
        features = torch.relu(self.bn(self.conv(x)))
        pooled = torch.flatten(torch.nn.functional.adaptive_avg_pool2d(features, 1), 1)
        heads = {'aux': self.aux(pooled) * 3, 'logits': self.fc(pooled) * 3, 'features': features}
        return tuple(heads[o] for o in self.outputs)
net = Net().eval()
for name, outputs in (('multi', ('aux', 'logits', 'features')), ('logits-only', ('logits',)), ('aux-only', ('aux',))):
    net.outputs = outputs
    torch.onnx.export(net, torch.zeros(1, 10, 32, 32), f'{out}/{name}.onnx', opset_version=13, input_names=['input'],
                      output_names=list(outputs), dynamic_axes={n: {0: 'batch'} for n in ('input',) + outputs})
`;

const LISTING = ['"aux" [batch, 17]', '"logits" [batch, 17]', '"features" [batch, 8, 32, 32]'];

describe.skipIf(pythonMissing('torch'))('importing a model with several outputs', () => {
  const model = (name: string) => join(temp.dir, `${name}.onnx`);
  beforeAll(async () => {
    await pythonAsync(TORCH_EXPORT, temp.dir);
  }, 120_000);

  it('asks which output holds the class scores, listing them with their shapes', async () => {
    const source = await loadImportSource(model('multi'));
    const plan = planImport(source, { so2sat: true });
    expect(plan.manifest).toBeNull();
    const question = plan.missing.find((q) => q.key === 'output');
    expect(question?.answeredBy).toEqual([['output']]);
    for (const shown of LISTING) expect(question?.why).toContain(shown);
    await expect(importModel(source, join(temp.dir, 'refused'), { so2sat: true })).rejects.toThrow(/output \(the model has 3 outputs/);

    // On a terminal: asked, and a wrong name is explained and asked again.
    const answers = ['nope', 'logits'];
    const said: string[] = [];
    const planner = async (a: ImportAnswers) => ({ ...planImport(source, a), file: source.file, fileName: source.fileName });
    const done = await askForMissing(planner, { so2sat: true }, async () => answers.shift()!, (line) => said.push(line));
    expect(done.output).toBe('logits');
    expect(said.join('\n')).toMatch(/no output "nope"/);
  });

  it('refuses a named output that cannot be class scores, and a name the model does not have', async () => {
    const source = await loadImportSource(model('multi'));
    expect(() => planImport(source, { so2sat: true, output: 'features' })).toThrow(/the output "features" has \[batch, 8, 32, 32\]; LCZ Studio needs class scores \[N, K\]/);
    expect(() => planImport(source, { so2sat: true, output: 'nope' })).toThrow(new RegExp(`the model has no output "nope"; its outputs are ${LISTING.join(', ').replace(/[[\]]/g, '\\$&')}`));
  });

  it('lcz import-model refuses it without --output-name, imports the output named, and mapping uses that output', async () => {
    const lcz = lczCli({ input: '' });
    const refused = lcz('import-model', model('multi'), '--out', join(temp.dir, 'no-name'), '--so2sat');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('--output-name <name>: the model has 3 outputs');
    for (const shown of LISTING) expect(refused.stderr).toContain(shown);
    const features = lcz('import-model', model('multi'), '--out', join(temp.dir, 'features'), '--so2sat', '--output-name', 'features');
    expect(features.status).toBe(1);
    expect(features.stderr).toContain('the output "features" has [batch, 8, 32, 32]');

    const bundles = { multi: join(temp.dir, 'b-multi'), logits: join(temp.dir, 'b-logits'), aux: join(temp.dir, 'b-aux') };
    const ok = lcz('import-model', model('multi'), '--out', bundles.multi, '--so2sat', '--output-name', 'logits');
    expect(ok.status, ok.stderr).toBe(0);
    const { manifest } = await readBundle(bundles.multi);
    expect(manifest.output).toEqual({ name: 'logits', kind: 'logits' });
    expect(manifest.provenance.reproduce).toContain('--output-name "logits"');
    await importModel(model('logits-only'), bundles.logits, { so2sat: true });
    await importModel(model('aux-only'), bundles.aux, { so2sat: true });

    const { scenePath } = await writeDemoScene(join(temp.dir, 'scene'), { seed: 5, size: 12 });
    const { settings } = settingsFromFile(await readSceneFile(scenePath));
    const map = async (bundle: string, name: string) => {
      const outDir = join(temp.dir, `map-${name}`);
      outputsOf(await runJob({ kind: 'map', params: { scene: scenePath, settings, bundles: [bundle], outDir, resolutionM: 100, tta: false, filter: false, truth: null } }));
      expect(JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')).stats.predictedCells).toBe(144);
      return (await readAllBands(join(outDir, 'probabilities.tif'))).bands;
    };
    const [multi, logits, aux] = [await map(bundles.multi, 'multi'), await map(bundles.logits, 'logits'), await map(bundles.aux, 'aux')];
    const maxDiff = (a: typeof multi, b: typeof multi) => {
      let max = 0;
      a.forEach((band, k) => band.forEach((v, i) => (max = Math.max(max, Math.abs(v - b[k]![i]!)))));
      return max;
    };
    expect(maxDiff(multi, logits)).toBeLessThanOrEqual(1); // the same head: equal up to float rounding (x 10,000)
    expect(maxDiff(logits, aux)).toBeGreaterThan(100); // the heads differ, so which one ran shows
  }, 240_000);
});
