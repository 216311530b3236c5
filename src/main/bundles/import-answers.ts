/**
 * What a user says about a bare ONNX file (the contract's ImportAnswers: flags of lcz import-model, or a form),
 * checked for sense before any of it reaches a manifest: band ids known, normalisation complete, classes in 1-17.
 * The messages name the answers in words, not in any face's terms: the face that asked knows how it asked.
 */
import { bandSpec, isBandId, SO2SAT_S2_BANDS, SO2SAT_S2_MEAN, SO2SAT_S2_STD } from '../../shared/bands';
import type { BundleBand } from '../../shared/bundle-manifest';
import type { ImportAnswers } from '../../shared/contract/bundles';
import { UserError } from '../../shared/errors';

export type { ImportAnswers } from '../../shared/contract/bundles';

export function checkBandIds(ids: readonly string[]): string[] {
  const unknown = ids.filter((id) => !isBandId(id));
  if (unknown.length > 0) throw new UserError(`unknown band id${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: band ids name sensor and band, for example S2.B4 (Sentinel-2 red) or L8.B5 (Landsat 8 NIR)`);
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length > 0) throw new UserError(`the band list names ${twice.join(', ')} twice`);
  return [...ids];
}

/** The per-band normalisation, or null when the answers do not say it (a question to ask). */
export function normalisationFor(bands: readonly string[], a: ImportAnswers): BundleBand[] | null {
  const given = [a.mean, a.std].filter(Boolean).length;
  if (a.noNormalisation && given > 0) throw new UserError('"no normalisation" and a mean and std contradict each other: give one or the other');
  if (given === 1) throw new UserError('give both the mean and the standard deviation (one value per band each)');
  if (a.mean && a.std) {
    for (const [what, values] of [['the mean', a.mean], ['the standard deviation', a.std]] as const) {
      if (values.length !== bands.length) throw new UserError(`${what} has ${values.length} values for ${bands.length} bands`);
    }
    if (a.std.some((s) => !(s > 0))) throw new UserError('every standard deviation must be more than 0');
    return bands.map((id, i) => ({ id, mean: a.mean![i]!, std: a.std![i]! }));
  }
  if (a.noNormalisation) return bands.map((id) => ({ id, mean: 0, std: 1 }));
  if (a.so2sat) {
    const outside = bands.filter((id) => !(SO2SAT_S2_BANDS as readonly string[]).includes(id));
    if (outside.length > 0) throw new UserError(`So2Sat LCZ42 publishes statistics for its 10 Sentinel-2 bands only, not ${outside.join(', ')}: give the mean and standard deviation of each band`);
    return bands.map((id) => {
      const i = (SO2SAT_S2_BANDS as readonly string[]).indexOf(id);
      return { id, mean: SO2SAT_S2_MEAN[i]!, std: SO2SAT_S2_STD[i]! };
    });
  }
  return null;
}

/** 10 m for Sentinel-2 bands (So2Sat resamples all to 10 m), 30 m for Landsat; null when the bands mix sensors. */
export function defaultResolution(bands: readonly string[]): number | null {
  const sensors = new Set(bands.map((id) => bandSpec(id)?.sensor));
  if (sensors.size !== 1) return null;
  return sensors.has('sentinel-2') ? 10 : 30;
}

export function checkClasses(classes: readonly number[], outputs: number): number[] {
  const bad = classes.filter((c) => !Number.isInteger(c) || c < 1 || c > 17);
  if (bad.length > 0) throw new UserError(`${bad.join(', ')} ${bad.length > 1 ? 'are not LCZ values' : 'is not an LCZ value'} (1-17)`);
  if (classes.length !== outputs) throw new UserError(`the class list names ${classes.length} classes but the model outputs ${outputs} scores per patch`);
  const twice = classes.filter((c, i) => classes.indexOf(c) !== i);
  if (twice.length > 0) throw new UserError(`the class list names ${twice.join(', ')} twice`);
  return [...classes];
}
