import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../../shared/errors';
import { readSummary } from '../mapping/read-summary';
import { RESULT_FILES } from '../mapping/write-result';

/** A map to compare as given: a plain LCZ GeoTIFF, or a mapping result folder with its class probabilities. */
export type MapSource =
  | { kind: 'map'; path: string; lczPath: string; synthetic: false }
  | { kind: 'result'; path: string; lczPath: string; probabilitiesPath: string; confidencePath: string; name: string; synthetic: boolean };

/**
 * What `path` is: a folder must be a complete mapping result (summary.json is written last: a folder with lcz.tif and
 * no summary is a mapping that was interrupted or still runs), anything else is read as an LCZ GeoTIFF. `role` names
 * the input in messages ("the first map").
 */
export async function mapSource(path: string, role: string): Promise<MapSource> {
  const absolute = resolve(path);
  const info = await stat(absolute).catch(() => undefined);
  if (!info) throw new UserError(`${role} does not exist (was it moved or deleted?)`, absolute);
  if (!info.isDirectory()) return { kind: 'map', path: absolute, lczPath: absolute, synthetic: false };
  const hasSummary = await stat(join(absolute, RESULT_FILES.summary)).then(() => true, () => false);
  if (!hasSummary) {
    const hasMap = await stat(join(absolute, RESULT_FILES.lcz)).then(() => true, () => false);
    throw new UserError(
      hasMap
        ? `${role} is an incomplete mapping result: it has ${RESULT_FILES.lcz} but no ${RESULT_FILES.summary} (written last, so the mapping was interrupted or still runs); map it again, or give its ${RESULT_FILES.lcz} to compare the classes only`
        : `${role} is a folder but not a mapping result (it has no ${RESULT_FILES.summary}); give an LCZ GeoTIFF or a result folder`,
      absolute,
    );
  }
  const summary = await readSummary(absolute);
  return {
    kind: 'result',
    path: absolute,
    lczPath: join(absolute, summary.files.lcz),
    probabilitiesPath: join(absolute, summary.files.probabilities),
    confidencePath: join(absolute, summary.files.confidence),
    name: summary.name,
    synthetic: summary.synthetic,
  };
}
