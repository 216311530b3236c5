import { basename, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { QUANTIZATION_METHODS, type QuantizationMethod } from '../../shared/bundle-manifest';
import type { QuantizeParamsInput } from '../../shared/contract/compression';
import { resolveOutputPath } from '../../main/files/output-location';
import { runJobFromCli } from '../run-job';
import { wholeNumber } from '../whole-number';
import { writtenManifest } from './bundle-manifest-file';

const number = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError('give a number.');
  return n;
};

export function registerQuantize(program: Command): void {
  program
    .command('quantize')
    .description('int8 post-training quantization of a bundle (ONNX QDQ: int8 per-channel weights, uint8 activations), calibrated on So2Sat-format data; writes a new bundle')
    .requiredOption('--bundle <dir>', 'the float bundle')
    .requiredOption('--calibration <file.h5>', 'So2Sat LCZ42-format data to calibrate the activation ranges on')
    .requiredOption('--out <dir>', 'the int8 bundle, a new or empty folder')
    .addOption(new Option('--method <method>', 'calibration').choices([...QUANTIZATION_METHODS]).default('minmax'))
    .option('--percentile <p>', 'percentile calibration: the share of |x| kept, in % (default 99.99)', number)
    .option('--samples <n>', 'calibration patches, drawn across the file', wholeNumber, 256)
    .option('--seed <n>', 'seed of the draw of calibration patches', wholeNumber)
    .option('--full-range', 'weights in the full 8 bits instead of 7 (only for CPUs with VNNI: elsewhere ONNX Runtime saturates)')
    .action(async (o: { bundle: string; calibration: string; out: string; method: QuantizationMethod; percentile?: number; samples: number; seed?: number; fullRange?: boolean }) => {
      const params: QuantizeParamsInput = {
        bundle: resolve(o.bundle),
        calibration: resolve(o.calibration),
        out: resolveOutputPath(o.out, '--out'),
        method: o.method,
        samples: o.samples,
        reduceRange: !o.fullRange,
        ...(o.percentile !== undefined ? { percentile: o.percentile } : {}),
        ...(o.seed !== undefined ? { seed: o.seed } : {}),
      };
      const [dir] = await runJobFromCli({ kind: 'quantize', params });
      const manifest = writtenManifest(dir!);
      const q = manifest.provenance.quantization!;
      process.stderr.write(
        [
          `Quantized "${q.parent.name}" to int8: ${q.method}${q.percentile !== undefined ? ` ${q.percentile} %` : ''} calibration on ${q.calibration.samples} patches of ${basename(q.calibration.file)}, weights in ${q.reduceRange ? '7 bits (reduced range)' : 'the full 8 bits'}`,
          q.leftInFloat.length ? `Left in float: ${q.leftInFloat.join(', ')} (no int8 form, or the model's output kept in full precision: they run in float32 between the int8 parts)` : 'Nothing left in float',
          '',
        ].join('\n'),
      );
      process.stdout.write(`${dir}\n`);
    });
}
