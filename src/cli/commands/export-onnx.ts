import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { resolveOutputPath } from '../../main/files/output-location';
import { runJobFromCli } from '../run-job';

function opset(text: string): number {
  if (!/^1[3-7]$/.test(text.trim())) throw new InvalidArgumentError('give an opset from 13 to 17.');
  return Number(text);
}

export function registerExportOnnx(program: Command): void {
  program
    .command('export-onnx')
    .description("write a training run's members as mapping bundles (ONNX + manifest) from their last checkpoints")
    .requiredOption('--run <dir>', 'the run folder (as given to lcz train --out)')
    .option('--out <dir>', "where the bundles go, one folder per member (default: the run's bundles/)")
    .option('--opset <n>', 'ONNX opset, 13 to 17', opset, 13)
    .action(async (o: { run: string; out?: string; opset: number }) => {
      const outputs = await runJobFromCli({ kind: 'export-onnx', params: { runDir: resolve(o.run), out: o.out !== undefined ? resolveOutputPath(o.out, '--out') : null, opset: o.opset } });
      for (const dir of outputs) process.stdout.write(`${dir}\n`);
    });
}
