import { Command } from 'commander';
import { appVersion } from '../main/paths';
import { registerDemo } from './commands/demo';
import { registerEvaluate } from './commands/evaluate';
import { registerCompare } from './commands/compare';
import { registerExportMap } from './commands/export-map';
import { registerImportModel } from './commands/import-model';
import { registerInfo } from './commands/info';
import { registerMap } from './commands/map';
import { registerServe } from './commands/serve';
import { registerSo2Sat } from './commands/so2sat';
import { registerTrain } from './commands/train';
import { registerDistill } from './commands/distill';
import { registerEvaluateModel } from './commands/evaluate-model';
import { registerExportOnnx } from './commands/export-onnx';
import { registerMetis } from './commands/metis';
import { registerAreas } from './commands/areas';
import { registerQuantize } from './commands/quantize';
import { registerPrune } from './commands/prune';
import { registerCompareModels } from './commands/compare-models';
import { reportError } from './report-error';

const program = new Command()
  .name('lcz')
  .description('LCZ Studio on the command line: Local Climate Zone maps from satellite imagery')
  .version(appVersion())
  .showHelpAfterError();

registerInfo(program);
registerExportMap(program);
registerMap(program);
registerEvaluate(program);
registerCompare(program);
registerServe(program);
registerImportModel(program);
registerDemo(program);
registerSo2Sat(program);
registerTrain(program);
registerDistill(program);
registerEvaluateModel(program);
registerExportOnnx(program);
registerMetis(program);
registerAreas(program);
registerQuantize(program);
registerPrune(program);
registerCompareModels(program);

program.parseAsync(process.argv).catch(reportError);
