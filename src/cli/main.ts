import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { appRoot } from '../main/paths';
import { registerDemo } from './commands/demo';
import { registerEvaluate } from './commands/evaluate';
import { registerExportMap } from './commands/export-map';
import { registerImportModel } from './commands/import-model';
import { registerInfo } from './commands/info';
import { registerMap } from './commands/map';
import { registerServe } from './commands/serve';
import { registerSo2Sat } from './commands/so2sat';
import { registerTrain } from './commands/train';
import { registerEvaluateModel } from './commands/evaluate-model';
import { registerExportOnnx } from './commands/export-onnx';
import { reportError } from './report-error';

const { version } = JSON.parse(readFileSync(`${appRoot()}/package.json`, 'utf8')) as { version: string };

const program = new Command()
  .name('lcz')
  .description('LCZ Studio on the command line: Local Climate Zone maps from satellite imagery')
  .version(version)
  .showHelpAfterError();

registerInfo(program);
registerExportMap(program);
registerMap(program);
registerEvaluate(program);
registerServe(program);
registerImportModel(program);
registerDemo(program);
registerSo2Sat(program);
registerTrain(program);
registerEvaluateModel(program);
registerExportOnnx(program);

program.parseAsync(process.argv).catch(reportError);
