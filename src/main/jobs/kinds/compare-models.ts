import type { CompareModelsParams } from '../../../shared/contract/model-comparison';
import type { JobContext } from '../job-context';
import { jobRunContext } from './job-run-context';

/** The comparison report of bundles on the same test data: a folder with report.json and the predictions. */
export async function runCompareModels(params: CompareModelsParams, ctx: JobContext): Promise<string[]> {
  const { compareModels } = await import('../../evaluation/compare-models');
  return (await compareModels(params, jobRunContext(ctx))).files;
}
