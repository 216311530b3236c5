import type { JobRequest } from '../../../shared/contract';
import type { JobContext } from '../job-context';
import { runDemoScene } from './demo-scene';
import { runExportMap } from './export-map';
import { runMapScene } from './map-scene';
import { runSo2SatSynth } from './so2sat-synth';
import { runEvaluateModel, runExportOnnx, runResumeTraining, runTrain } from './train';

/** Runs one job in the current process; returns the files it wrote. */
export function runJob(request: JobRequest, ctx: JobContext): Promise<string[]> {
  switch (request.kind) {
    case 'export-map':
      return runExportMap(request.params, ctx);
    case 'map':
      return runMapScene(request.params, ctx);
    case 'demo-scene':
      return runDemoScene(request.params, ctx);
    case 'so2sat-synth':
      return runSo2SatSynth(request.params, ctx);
    case 'train':
      return runTrain(request.params, ctx);
    case 'resume-training':
      return runResumeTraining(request.params, ctx);
    case 'evaluate-model':
      return runEvaluateModel(request.params, ctx);
    case 'export-onnx':
      return runExportOnnx(request.params, ctx);
  }
}
