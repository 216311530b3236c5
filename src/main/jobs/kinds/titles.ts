import type { JobRequest } from '../../../shared/contract';

/** What the job list shows for a request. Kept apart from the jobs themselves: the job manager needs titles, not the code. */
export function jobTitle(request: JobRequest): string {
  switch (request.kind) {
    case 'export-map':
      return `Export ${request.params.output.split(/[\\/]/).pop() ?? request.params.output}`;
    case 'map':
      return `Map ${request.params.name ?? request.params.scene.split(/[\\/]/).pop() ?? request.params.scene}`;
    case 'demo-scene':
      return 'Demo scene (synthetic city)';
    case 'so2sat-synth':
      return `Synthetic So2Sat data (${request.params.patches.toLocaleString('en-US')} patches)`;
    case 'train':
      return request.params.name ?? `Train ${request.params.members.length === 1 ? request.params.members[0]!.arch : `an ensemble of ${request.params.members.length}`}`;
    case 'resume-training':
      // A training or a distillation run: both resume through this kind.
      return `Resume run ${request.params.runDir.split(/[\\/]/).pop()}`;
    case 'evaluate-model':
      return `Evaluate ${request.params.bundles.length === 1 ? 'a model' : `${request.params.bundles.length} models`}`;
    case 'export-onnx':
      return `Export the bundles of ${request.params.runDir.split(/[\\/]/).pop()}`;
    case 'distill':
      return request.params.name ?? `Distil ${request.params.student?.arch ?? request.params.preset} from ${request.params.teacher.length === 1 ? mapName(request.params.teacher[0]!) : `${request.params.teacher.length} teachers`}`;
    case 'compare':
      return request.params.name ?? `Compare ${mapName(request.params.a)} with ${mapName(request.params.b)}`;
    case 'quantize':
      return `Quantize ${mapName(request.params.bundle)} to int8`;
    case 'prune':
      return `Prune ${mapName(request.params.bundle)} (${Math.round(100 * request.params.ratio)} % of filters)`;
    case 'compare-models':
      return `Compare ${request.params.bundles.length} models on ${mapName(request.params.test)}`;
    case 'metis-deploy':
      // The bundle the user chose: an int8 one is deployed through its float parent.
      return `Deploy ${bundleName(request.params.int8Bundle ?? request.params.bundle)} to Metis`;
    case 'metis-benchmark':
      return `Benchmark ${mapName(request.params.deployment)} on Metis`;
    case 'metis-firmware-update':
      return `Metis firmware update (device ${request.params.device})`;
    case 'areas-map':
      return request.params.name ?? `Map ${mapName(request.params.scene)} from ${mapName(request.params.areas)}`;
    case 'so2sat-cut':
      return `Cut So2Sat patches (${mapName(request.params.out)})`;
  }
}

/** A bundle's name in a title: its folder's, or its parent's for a folder called "bundle" (the demo's). */
function bundleName(path: string): string {
  const parts = path.replace(/[\\/]+$/, '').split(/[\\/]/);
  return (parts.at(-1) === 'bundle' && parts.length > 1 ? parts.at(-2) : parts.at(-1)) ?? path;
}

/** A map's name in a title: a result folder's name, or a GeoTIFF's file name. */
function mapName(path: string): string {
  return path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? path;
}
