import type { JobRequest } from '../../../shared/contract';
import type { JobContext } from '../job-context';
import { checkJobOutputs } from '../preflight';

/**
 * Runs one job in the current process; returns the files it wrote.
 * Each kind is imported when it runs, not up front: a job process runs one kind, and the training kinds' imports
 * (h5wasm's heap among them) cost over 600 MB of resident memory that a mapping or export job must not carry.
 */
export async function runJob(request: JobRequest, ctx: JobContext): Promise<string[]> {
  // Checked by the core and the CLI already; again here for a job started any other way (scripts, tests).
  await checkJobOutputs(request);
  switch (request.kind) {
    case 'export-map':
      return (await import('./export-map')).runExportMap(request.params, ctx);
    case 'map':
      return (await import('./map-scene')).runMapScene(request.params, ctx);
    case 'demo-scene':
      return (await import('./demo-scene')).runDemoScene(request.params, ctx);
    case 'so2sat-synth':
      return (await import('./so2sat-synth')).runSo2SatSynth(request.params, ctx);
    case 'train':
      return (await import('./train')).runTrain(request.params, ctx);
    case 'resume-training':
      return (await import('./train')).runResumeTraining(request.params, ctx);
    case 'evaluate-model':
      return (await import('./train')).runEvaluateModel(request.params, ctx);
    case 'export-onnx':
      return (await import('./train')).runExportOnnx(request.params, ctx);
    case 'distill':
      return (await import('./train')).runDistill(request.params, ctx);
    case 'quantize':
      return (await import('./compress')).runQuantize(request.params, ctx);
    case 'prune':
      return (await import('./compress')).runPrune(request.params, ctx);
    case 'compare-models':
      return (await import('./compare-models')).runCompareModels(request.params, ctx);
    case 'compare':
      return (await import('./compare')).runCompare(request.params, ctx);
    case 'metis-deploy':
      return (await import('./metis')).runMetisDeploy(request.params, ctx);
    case 'metis-benchmark':
      return (await import('./metis')).runMetisBenchmark(request.params, ctx);
    case 'metis-firmware-update':
      return (await import('./metis')).runMetisFirmwareUpdate(request.params, ctx);
    case 'areas-map':
      return (await import('./areas-map')).runAreasMap(request.params, ctx);
    case 'so2sat-cut':
      return (await import('./so2sat-cut')).runSo2SatCut(request.params, ctx);
  }
}
