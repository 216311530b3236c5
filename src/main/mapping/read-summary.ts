import { join } from 'node:path';
import { resultSummarySchema, type ResultSummary } from '../../shared/contract/results';
import { UserError } from '../../shared/errors';
import { InputFileError, readRegularText } from '../files/input-file';

/**
 * A result folder's summary.json, checked: the mark of a complete mapping result (it is written last), read by
 * whoever takes a result as input (the results service, map comparison, scripts).
 */
export async function readSummary(dir: string): Promise<ResultSummary> {
  const file = join(dir, 'summary.json');
  let text: string;
  try {
    text = await readRegularText(file, { what: 'a summary file' });
  } catch (error) {
    // A summary.json that is a FIFO or a folder is named as such; only a missing one means "not a result".
    if (error instanceof InputFileError && error.problem !== 'missing') throw error;
    throw new UserError('is not a mapping result (it has no summary.json; an interrupted run leaves none)', dir);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    // A summary cut short (a full disk) or edited by hand: say which file, not a bare SyntaxError.
    throw new UserError(`is damaged: it is not valid JSON (${error instanceof Error ? error.message : String(error)})`, file);
  }
  const parsed = resultSummarySchema.safeParse(raw);
  if (!parsed.success) throw new UserError(`is damaged: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, file);
  return parsed.data;
}
