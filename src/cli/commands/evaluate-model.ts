import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { FUSIONS } from '../../shared/contract/training';
import { evaluationSchema } from '../../shared/contract/evaluation';
import { UserError } from '../../shared/errors';
import { resolveOutputPath } from '../../main/files/output-location';
import { runJobFromCli } from '../run-job';
import { formatEvaluation } from './train';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerEvaluateModel(program: Command): void {
  program
    .command('evaluate-model')
    .description('accuracy (OA, kappa, WUDAPT OA_u/OA_bu/OA_w, per-class F1, confusion) and calibration (ECE, MCE, reliability) of bundles on So2Sat-format data')
    .option('--bundle <dir>', 'a model bundle; repeat to evaluate an ensemble too', collect, [])
    .requiredOption('--test <file.h5>', 'So2Sat LCZ42-format data to evaluate on')
    .option('--fit-on <file.h5>', 'fit each bundle temperature on this data (a validation file) instead of using the bundle own')
    .addOption(new Option('--fusion <rule>', 'how an ensemble is fused').choices([...FUSIONS]).default('sum-rule'))
    .option('--out <file.json>', 'also write the evaluation there')
    .option('--json', 'print the evaluation as one JSON object')
    .action(async (o: { bundle: string[]; test: string; fitOn?: string; fusion: (typeof FUSIONS)[number]; out?: string; json?: boolean }) => {
      if (o.bundle.length === 0) throw new UserError('give at least one --bundle <dir>');
      const out = o.out !== undefined ? resolveOutputPath(o.out, '--out') : join(tmpdir(), `lcz-evaluation-${process.pid}.json`);
      const [file] = await runJobFromCli({
        kind: 'evaluate-model',
        params: { bundles: o.bundle.map((b) => resolve(b)), test: resolve(o.test), fitOn: o.fitOn ? resolve(o.fitOn) : null, fusion: o.fusion, out },
      });
      const evaluation = evaluationSchema.parse(JSON.parse(readFileSync(file!, 'utf8')));
      process.stdout.write(o.json ? `${JSON.stringify(evaluation)}\n` : formatEvaluation(evaluation));
    });
}
