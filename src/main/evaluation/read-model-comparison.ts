import { join } from 'node:path';
import { modelComparisonSchema, type ModelComparison } from '../../shared/contract/model-comparison';
import { UserError } from '../../shared/errors';
import { InputFileError, readRegularText } from '../files/input-file';

/** The file compare-models writes last (compare-models.ts renames its folder into place complete). */
export const REPORT_FILE = 'report.json';

/** A compare-models folder's report.json, checked: for the faces that show the report (the Distillation view). */
export async function readModelComparison(dir: string): Promise<ModelComparison> {
  const file = join(dir, REPORT_FILE);
  let text: string;
  try {
    text = await readRegularText(file, { what: 'a model comparison report' });
  } catch (error) {
    if (error instanceof InputFileError && error.problem !== 'missing') throw error;
    throw new UserError(`is not a model comparison (it has no ${REPORT_FILE}: a comparison that was cancelled, failed or still runs leaves none)`, dir);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(`is damaged: it is not valid JSON (${error instanceof Error ? error.message : String(error)})`, file);
  }
  const parsed = modelComparisonSchema.safeParse(raw);
  if (!parsed.success) throw new UserError(`is damaged: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, file);
  return parsed.data;
}
