import type { JobRequest } from '../../../shared/contract';
import type { JobContext } from '../job-context';
import { runDemoScene } from './demo-scene';
import { runExportMap } from './export-map';
import { runMapScene } from './map-scene';

/** Runs one job in the current process; returns the files it wrote. */
export function runJob(request: JobRequest, ctx: JobContext): Promise<string[]> {
  switch (request.kind) {
    case 'export-map':
      return runExportMap(request.params, ctx);
    case 'map':
      return runMapScene(request.params, ctx);
    case 'demo-scene':
      return runDemoScene(request.params, ctx);
  }
}

/** What the job list shows for a request. */
export function jobTitle(request: JobRequest): string {
  switch (request.kind) {
    case 'export-map':
      return `Export ${request.params.output.split(/[\\/]/).pop() ?? request.params.output}`;
    case 'map':
      return `Map ${request.params.name ?? request.params.scene.split(/[\\/]/).pop() ?? request.params.scene}`;
    case 'demo-scene':
      return 'Demo scene (synthetic city)';
  }
}
