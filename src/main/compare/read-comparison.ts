import { join } from 'node:path';
import { comparisonSchema, type Comparison } from '../../shared/contract/compare';
import { UserError } from '../../shared/errors';
import { InputFileError, readRegularText } from '../files/input-file';
import { COMPARISON_FILES } from './write-comparison';

/**
 * A comparison folder's comparison.json, checked: it is written last, so a folder without one holds no complete
 * comparison (one that was cancelled, failed, or still runs).
 */
export async function readComparison(dir: string): Promise<Comparison> {
  const file = join(dir, COMPARISON_FILES.comparison);
  let text: string;
  try {
    text = await readRegularText(file, { what: 'a comparison file' });
  } catch (error) {
    if (error instanceof InputFileError && error.problem !== 'missing') throw error;
    throw new UserError(`is not a map comparison (it has no ${COMPARISON_FILES.comparison}, written last: a comparison that was cancelled or still runs leaves none)`, dir);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(`is damaged: it is not valid JSON (${error instanceof Error ? error.message : String(error)})`, file);
  }
  const parsed = comparisonSchema.safeParse(raw);
  if (!parsed.success) throw new UserError(`is damaged: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, file);
  return parsed.data;
}
