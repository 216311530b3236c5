import type { JobProgress } from '../../shared/contract';

/**
 * What a face may pass along with a request that takes a while without being a job (statistics over every patch of a
 * So2Sat file): a signal to stop it, and a place to report progress. The in-process CLI passes both; a request from
 * another face runs to its end without reporting.
 */
export interface RequestContext {
  signal?: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
}
