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
      return `Resume training (${request.params.runDir.split(/[\\/]/).pop()})`;
    case 'evaluate-model':
      return `Evaluate ${request.params.bundles.length === 1 ? 'a model' : `${request.params.bundles.length} models`}`;
    case 'export-onnx':
      return `Export the bundles of ${request.params.runDir.split(/[\\/]/).pop()}`;
  }
}
