import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Option, type Command } from 'commander';
import { UserError } from '../../shared/errors';
import { resolveOutputPath } from '../../main/files/output-location';
import { checkBundleOutput } from '../../main/jobs/preflight';
import type { ImportAnswers } from '../../main/bundles/import-answers';
import { missingMessage, planImport } from '../../main/bundles/import-plan';
import { askForMissing, parseIdList, parseNumberList, parsePositive, PromptClosed, type Ask } from './import-model-prompts';

interface ImportOptions {
  out: string;
  bands?: string[];
  so2sat?: boolean;
  mean?: number[];
  std?: number[];
  normalisation: boolean;
  resolution?: number;
  layout?: 'NCHW' | 'NHWC';
  patchSize?: number;
  classes?: number[];
  outputName?: string;
  name?: string;
  description?: string;
  temperature?: number;
}

const HELP_AFTER = `
The file says its input shape, output shape and last op; LCZ Studio infers from them the layout (NCHW or NHWC, from
which dimension is the channel count), patch size, channel and class counts, fixed batch, and whether the output is
logits or probabilities. What it cannot say (bands, normalisation, resolution, class values) comes from the flags;
on a terminal LCZ Studio asks for anything missing, otherwise it lists the flags needed and exits with status 1.

Example (a PyTorch export of a So2Sat LCZ42 model, input N x 10 x 32 x 32, 17 outputs):
  lcz import-model resnet.onnx --out bundles/resnet --so2sat`;

export function registerImportModel(program: Command): void {
  program
    .command('import-model')
    .description('turn an ONNX classifier from elsewhere (PyTorch, TensorFlow) into an LCZ Studio model bundle')
    .argument('<file.onnx>', 'an ONNX patch classifier: one input [N, C, S, S] or [N, S, S, C], an output [N, K] (--output-name when there are several); opset 13-17')
    .requiredOption('--out <bundle-dir>', 'the bundle folder to write (model.onnx + manifest.json); an existing bundle there is replaced')
    .option('--bands <ids>', 'band ids in channel order, comma-separated (S2.B2,S2.B3,... or L8.B2,...)', parseIdList)
    .option('--so2sat', 'a So2Sat LCZ42-style model: the 10 sen2 bands (unless --bands) and So2Sat\'s published mean/std')
    .option('--mean <values>', 'per-band mean subtracted from reflectance (0-1), comma-separated', parseNumberList)
    .option('--std <values>', 'per-band standard deviation divided by, comma-separated', parseNumberList)
    .option('--no-normalisation', 'the model takes reflectance as it is (mean 0, std 1)')
    .option('--resolution <metres>', 'pixel size the model was trained at (default 10 for Sentinel-2 bands, 30 for Landsat)', parsePositive)
    .addOption(new Option('--layout <layout>', 'input layout, when the shape cannot tell').choices(['NCHW', 'NHWC']))
    .option('--patch-size <pixels>', 'patch size, when the model leaves both spatial sizes open', (v) => Math.round(parsePositive(v)))
    .option('--classes <values>', 'LCZ value (1-17) of each output, in order (default 1-17 for 17 outputs)', parseNumberList)
    .option('--output-name <name>', 'the output that holds the class scores, for a model with several outputs')
    .option('--name <name>', 'bundle name (default: the file name)')
    .option('--description <text>', 'a sentence on what the model is')
    .option('--temperature <T>', 'softmax temperature, from a calibration (default 1)', parsePositive)
    .addHelpText('after', HELP_AFTER)
    .action(async (file: string, options: ImportOptions) => {
      // Before reading the model or asking anything: an --out that cannot be written is said at once.
      const out = resolveOutputPath(options.out, '--out');
      await checkBundleOutput(out);
      // Loaded here: onnxruntime-node's native library would otherwise load on every lcz start.
      const { importModel, loadImportSource } = await import('../../main/bundles/import-model');
      const source = await loadImportSource(resolve(file));
      let answers = answersFrom(options);
      if (planImport(source, answers).missing.length > 0 && process.stdin.isTTY) answers = await askOnTerminal(source, answers);
      const plan = planImport(source, answers);
      for (const line of plan.inferred) process.stdout.write(`  ${line}\n`);
      if (plan.missing.length > 0) throw new UserError(missingMessage(plan.missing), file);
      const { bundle } = await importModel(source, out, answers, { reproduce: reproduceCommand(source.fileName, options.out, answers) });
      process.stdout.write(`Wrote the bundle ${bundle.dir}\n`);
    });
}

function answersFrom(o: ImportOptions): ImportAnswers {
  return {
    bands: o.bands,
    so2sat: o.so2sat,
    mean: o.mean,
    std: o.std,
    noNormalisation: o.normalisation === false,
    resolutionM: o.resolution,
    layout: o.layout,
    patchSize: o.patchSize,
    classes: o.classes,
    output: o.outputName,
    name: o.name,
    description: o.description,
    temperature: o.temperature,
  };
}

async function askOnTerminal(source: Parameters<typeof askForMissing>[0], answers: ImportAnswers): Promise<ImportAnswers> {
  // Prompts go to stderr so stdout stays the report of what was imported.
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  let isClosed = false;
  const closed = new Promise<never>((_, reject) =>
    rl.once('close', () => {
      isClosed = true;
      reject(new PromptClosed());
    }),
  );
  closed.catch(() => undefined);
  rl.on('SIGINT', () => rl.close()); // Ctrl-C: readline would only pause, leaving the question pending forever
  const ask: Ask = (question) => (isClosed ? closed : Promise.race([rl.question(`${question}: `), closed]));
  try {
    return await askForMissing(source, answers, ask, (line) => process.stderr.write(`${line}\n`));
  } finally {
    rl.close();
  }
}

/** The command that makes the same bundle without questions, recorded in the provenance. */
function reproduceCommand(fileName: string, out: string, a: ImportAnswers): string {
  const parts = ['lcz import-model', fileName, '--out', out];
  const list = (values: readonly (string | number)[]) => values.join(',');
  if (a.bands) parts.push('--bands', list(a.bands));
  if (a.so2sat) parts.push('--so2sat');
  if (a.mean && a.std) parts.push('--mean', list(a.mean), '--std', list(a.std));
  if (a.noNormalisation) parts.push('--no-normalisation');
  if (a.resolutionM !== undefined) parts.push('--resolution', String(a.resolutionM));
  if (a.layout) parts.push('--layout', a.layout);
  if (a.patchSize !== undefined) parts.push('--patch-size', String(a.patchSize));
  if (a.classes) parts.push('--classes', list(a.classes));
  if (a.output !== undefined) parts.push('--output-name', JSON.stringify(a.output));
  if (a.name) parts.push('--name', JSON.stringify(a.name));
  if (a.temperature !== undefined) parts.push('--temperature', String(a.temperature));
  return parts.join(' ');
}
