import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readBundle } from '../../src/main/bundles/bundle-io';
import { importModel, loadImportSource, planImport, type ImportAnswers, type LoadedSource } from '../../src/main/bundles/import-model';
import { askForMissing, PromptClosed } from '../../src/cli/commands/import-model-prompts';
import { OnnxGraphBuilder, attr } from '../../src/main/onnx/graph-builder';
import { SO2SAT_S2_BANDS, SO2SAT_S2_MEAN, SO2SAT_S2_STD } from '../../src/shared/bands';
import { UserError } from '../../src/shared/errors';
import { makeCnnOnnx, tempFolder } from '../fixtures/onnx-models';
import { lczCli } from '../helpers/lcz-cli';

const temp = tempFolder('lcz-import-');
afterAll(temp.cleanup);

const so2satModel = temp.put('so2sat-cnn.onnx', makeCnnOnnx({ channels: 10, patchSize: 32, classes: 17, softmax: true }));
const tenClasses = temp.put('ten-classes.onnx', makeCnnOnnx({ channels: 6, patchSize: 16, classes: 10 }));
const cube = temp.put('cube.onnx', makeCnnOnnx({ channels: 8, patchSize: 8, classes: 4, layout: 'NHWC' }));

/** Input [N, 4, 8, 8] -> mean -> dense -> LogSoftmax, as some PyTorch models end (NLLLoss training). */
function logSoftmaxModel(): Uint8Array {
  const g = new OnnxGraphBuilder({ opset: 15 });
  const x = g.input('x', 'float32', ['N', 4, 8, 8]);
  const pooled = g.node1('Flatten', [g.node1('GlobalAveragePool', [x])], { attributes: { axis: attr.int(1) } });
  const w = g.initializer('w', Float32Array.from({ length: 4 * 17 }, (_, i) => Math.sin(i)), [4, 17]);
  g.node1('LogSoftmax', [g.node1('Gemm', [pooled, w])], { output: 'log_probs', attributes: { axis: attr.int(1) } });
  g.output('log_probs', 'float32', ['N', 17]);
  return g.toBytes();
}

async function plan(file: string, answers: ImportAnswers) {
  return planImport(await loadImportSource(file), answers);
}

/** What the CLI's prompts plan with (bundles/import-plan's answer), from the plan of one loaded file. */
const planner = (source: LoadedSource) => async (answers: ImportAnswers) => ({ ...planImport(source, answers), file: source.file, fileName: source.fileName });

describe('planning an import', () => {
  it('makes a complete So2Sat manifest from --so2sat alone', async () => {
    const p = await plan(so2satModel, { so2sat: true });
    expect(p.missing).toEqual([]);
    const m = p.manifest!;
    expect(m.input).toEqual({ name: 'patches', layout: 'NCHW', patchSize: 32, resolutionM: 10, fixedBatch: null });
    expect(m.output).toEqual({ name: 'probabilities', kind: 'probabilities' });
    expect(m.bands).toEqual(SO2SAT_S2_BANDS.map((id, i) => ({ id, mean: SO2SAT_S2_MEAN[i], std: SO2SAT_S2_STD[i] })));
    expect(m.classes).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(m.name).toBe('so2sat-cnn');
    const sha = createHash('sha256').update(makeCnnOnnx({ channels: 10, patchSize: 32, classes: 17, softmax: true })).digest('hex');
    expect(m.provenance.source).toBe(`so2sat-cnn.onnx sha256:${sha}`);
    expect(m.provenance.createdBy).toMatch(/^LCZ Studio \d/);
    expect(m.provenance.method).toContain('so2sat-cnn.onnx (ONNX opset 13)');
  });

  it('lists what the file cannot say, and only that', async () => {
    expect((await plan(so2satModel, {})).missing.map((q) => q.key)).toEqual(['bands', 'normalisation']);
    expect((await plan(tenClasses, { bands: SO2SAT_S2_BANDS.slice(0, 6), noNormalisation: true })).missing.map((q) => q.key)).toEqual(['classes']);
    expect((await plan(cube, {})).missing.map((q) => q.key)).toEqual(['layout', 'bands', 'normalisation']);
    const mixed = await plan(tenClasses, { bands: ['S2.B2', 'S2.B3', 'S2.B4', 'L8.B5', 'L8.B6', 'L8.B7'], noNormalisation: true, classes: [1, 2, 3, 4, 5, 6, 8, 9, 10, 11] });
    expect(mixed.missing.map((q) => q.key)).toEqual(['resolution']);
  });

  it('defaults the resolution from the sensor and takes explicit normalisation', async () => {
    const landsat = ['L7.B1', 'L7.B2', 'L7.B3', 'L7.B4', 'L7.B5', 'L7.B7'];
    const p = await plan(tenClasses, { bands: landsat, mean: [1, 2, 3, 4, 5, 6], std: [1, 1, 1, 1, 1, 2], classes: [1, 2, 3, 4, 5, 6, 8, 9, 10, 11] });
    expect(p.manifest!.input.resolutionM).toBe(30);
    expect(p.manifest!.bands[5]).toEqual({ id: 'L7.B7', mean: 6, std: 2 });
    const none = await plan(tenClasses, { bands: landsat, noNormalisation: true, classes: [1, 2, 3, 4, 5, 6, 8, 9, 10, 11] });
    expect(none.manifest!.bands.every((b) => b.mean === 0 && b.std === 1)).toBe(true);
  });

  it('refuses answers that contradict the file or each other', async () => {
    const source = await loadImportSource(tenClasses);
    const cases: [ImportAnswers, RegExp][] = [
      [{ so2sat: true }, /ten-classes\.onnx: a So2Sat LCZ42 model reads the 10 So2Sat Sentinel-2 bands, but this model takes 6 channels/],
      [{ bands: ['S2.B2', 'S2.B3'] }, /the band list names 2 bands, but this model takes 6 channels \(input \[N, 6, 16, 16\], NCHW\)/],
      [{ bands: ['S2.B2', 'S2.B3', 'B4', 'red', 'S2.B5', 'S2.B6'] }, /unknown band ids B4, red/],
      [{ bands: SO2SAT_S2_BANDS.slice(0, 6), mean: [0, 0] , std: [1, 1] }, /the mean has 2 values for 6 bands/],
      [{ bands: SO2SAT_S2_BANDS.slice(0, 6), mean: [0, 0, 0, 0, 0, 0] }, /give both the mean and the standard deviation/],
      [{ bands: SO2SAT_S2_BANDS.slice(0, 6), noNormalisation: true, classes: [1, 2, 3] }, /the class list names 3 classes but the model outputs 10/],
      [{ bands: SO2SAT_S2_BANDS.slice(0, 6), noNormalisation: true, classes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 18] }, /18 is not an LCZ value/],
      [{ bands: ['L8.B2', 'L8.B3', 'L8.B4', 'L8.B5', 'L8.B6', 'L8.B7'], so2sat: true }, /statistics for its 10 Sentinel-2 bands only/],
    ];
    for (const [answers, problem] of cases) {
      expect(() => planImport(source, answers)).toThrow(UserError);
      expect(() => planImport(source, answers)).toThrow(problem);
    }
  });

  it('imports a LogSoftmax model as logits, saying why', async () => {
    const file = temp.put('log-softmax.onnx', logSoftmaxModel());
    const out = join(temp.dir, 'bundles', 'log-softmax');
    const { bundle, plan: p } = await importModel(file, out, { bands: ['S2.B2', 'S2.B3', 'S2.B4', 'S2.B8'], so2sat: true });
    expect(bundle.manifest.output).toEqual({ name: 'log_probs', kind: 'logits' });
    expect(bundle.manifest.provenance.method).toContain('LogSoftmax output is used as logits');
    expect(p.inferred.join('\n')).toContain('log-probabilities (ends in LogSoftmax), used as logits');
    expect((await readBundle(out)).manifest).toEqual(bundle.manifest);
  });

  it('asks one question at a time on a terminal, and asks again after a bad answer', async () => {
    const source = await loadImportSource(cube);
    const script = ['sideways', 'nhwc', 'S2.B2,S2.B3', 'S2.B2,S2.B3,S2.B4,S2.B5,S2.B6,S2.B7,S2.B8,S2.B8A', 'so2sat', '1,2,3', '2,4,6,8'];
    const asked: string[] = [];
    const said: string[] = [];
    const answers = await askForMissing(
      planner(source),
      {},
      async (question) => {
        asked.push(question);
        return script.shift()!;
      },
      (line) => said.push(line),
    );
    expect(script).toEqual([]);
    expect(asked.map((q) => q.split(/[ ,:]/)[0])).toEqual(['Input', 'Input', 'Bands', 'Bands', 'Normalisation', 'LCZ', 'LCZ']);
    expect(said.join('\n')).toContain('answer NCHW or NHWC');
    expect(said.join('\n')).toContain('the band list names 2 bands, but this model takes 8 channels');
    expect(said.join('\n')).toContain('the class list names 3 classes but the model outputs 4');
    const done = planImport(source, answers).manifest!;
    expect(done.input.layout).toBe('NHWC');
    expect(done.classes).toEqual([2, 4, 6, 8]);
    expect(done.bands[7]).toEqual({ id: 'S2.B8A', mean: SO2SAT_S2_MEAN[7], std: SO2SAT_S2_STD[7] });
  });

  it('stops asking when the user closes the prompt', async () => {
    const source = await loadImportSource(cube);
    let asked = 0;
    const closed = askForMissing(planner(source), {}, () => (asked++ === 0 ? Promise.resolve('nchw') : Promise.reject(new PromptClosed())), () => undefined);
    await expect(closed).rejects.toThrow('import cancelled; nothing was written');
    expect(asked).toBe(2);
  });
});

// stdin is a pipe, not a terminal: the command must not ask, it must say what is missing.
const lcz = lczCli({ input: '' });

describe('lcz import-model', () => {
  it('has --help', () => {
    const help = lcz('import-model', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: lcz import-model');
    expect(help.stdout).toContain('--so2sat');
  });

  it('without the needed flags lists exactly those, exits non-zero and writes nothing', () => {
    const out = join(temp.dir, 'cli', 'missing');
    const run = lcz('import-model', so2satModel, '--out', out);
    expect(run.status).toBe(1);
    const flags = run.stderr.split('\n').filter((l) => l.startsWith('  --')).map((l) => l.trim().split(' ')[0]);
    expect(flags).toEqual(['--bands', '--mean']);
    expect(run.stderr).toMatch(/^lcz: .*so2sat-cnn\.onnx: the file does not say everything a bundle needs; give these flags:/);
    expect(run.stderr).toContain('or --so2sat, or --no-normalisation');
    expect(run.stdout).toContain('NCHW, 10 channels, 32 x 32 patches');
    expect(existsSync(join(temp.dir, 'cli'))).toBe(false);

    const classes = lcz('import-model', tenClasses, '--out', out, '--bands', 'S2.B2,S2.B3,S2.B4,S2.B5,S2.B6,S2.B7', '--no-normalisation');
    expect(classes.status).toBe(1);
    expect(classes.stderr).toContain('give this flag:\n  --classes 1,2,...: the model outputs 10 classes');
    expect(existsSync(join(temp.dir, 'cli'))).toBe(false);
  });

  it('with them writes a bundle that reads back, and prints what it inferred', async () => {
    const out = join(temp.dir, 'cli', 'so2sat');
    const run = lcz('import-model', so2satModel, '--out', out, '--so2sat', '--name', 'So2Sat CNN', '--temperature', '1.5');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('probabilities (ends in Softmax)');
    expect(run.stdout).toContain('resolution: 10 m (the default for Sentinel-2 bands)');
    expect(run.stdout).toContain(`Wrote the bundle ${out}`);
    const bundle = await readBundle(out);
    expect(bundle.manifest).toMatchObject({ name: 'So2Sat CNN', temperature: 1.5, output: { kind: 'probabilities' } });
    expect(bundle.manifest.provenance.reproduce).toBe(`lcz import-model so2sat-cnn.onnx --out ${out} --so2sat --name "So2Sat CNN" --temperature 1.5`);
    expect(readdirSync(join(temp.dir, 'cli'))).toEqual(['so2sat']);
  });

  it('names a file that is not a model, without a stack trace', () => {
    const notes = temp.put('notes.onnx', 'not a model');
    const run = lcz('import-model', notes, '--out', join(temp.dir, 'cli-bad'), '--so2sat');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`lcz: ${notes}: not an ONNX model file (it does not decode as an ONNX protobuf)\n`);
    expect(existsSync(join(temp.dir, 'cli-bad'))).toBe(false);
  });
});
