import { createInterface } from 'node:readline/promises';
import { Option, type Command } from 'commander';
import type { ImportAnswers } from '../../shared/contract';
import { UserError } from '../../shared/errors';
import { resolveOutputPath } from '../../main/files/output-location';
import { request } from '../cli-core';
import { answersFrom, missingMessage, reproduceCommand, type ImportOptions } from './import-model-flags';
import { askForMissing, parseIdList, parseNumberList, parsePositive, PromptClosed, type Ask, type Planner } from './import-model-prompts';

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
      const out = resolveOutputPath(options.out, '--out');
      // The core checks --out before it reads the model or anything is asked, and plans again after each answer.
      const plan: Planner = (answers) => request('bundles/import-plan', { path: file, out, answers });
      let answers = answersFrom(options);
      let planned = await plan(answers);
      if (planned.missing.length > 0 && process.stdin.isTTY) {
        answers = await askOnTerminal(plan, answers);
        planned = await plan(answers);
      }
      for (const line of planned.inferred) process.stdout.write(`  ${line}\n`);
      if (planned.missing.length > 0) throw new UserError(missingMessage(planned.missing), planned.file);
      const { dir } = await request('bundles/import', { path: file, out, answers, reproduce: reproduceCommand(planned.fileName, options.out, answers) });
      process.stdout.write(`Wrote the bundle ${dir}\n`);
    });
}

async function askOnTerminal(plan: Planner, answers: ImportAnswers): Promise<ImportAnswers> {
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
    return await askForMissing(plan, answers, ask, (line) => process.stderr.write(`${line}\n`));
  } finally {
    rl.close();
  }
}
