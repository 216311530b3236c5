import type { JobRequest } from '../../../shared/contract';
import type { JobContext } from '../job-context';
import { runExportMap } from './export-map';

/** Runs one job in the current process; returns the files it wrote. */
export function runJob(request: JobRequest, ctx: JobContext): Promise<string[]> {
  switch (request.kind) {
    case 'export-map':
      return runExportMap(request.params, ctx);
  }
}

/** What the job list shows for a request. */
export function jobTitle(request: JobRequest): string {
  switch (request.kind) {
    case 'export-map':
      return `Export ${request.params.output.split(/[\\/]/).pop() ?? request.params.output}`;
  }
}
