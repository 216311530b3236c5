/**
 * lcz map's flags for real scenes and honest results: --aoi (the area of interest, part of the scene's settings as in
 * the app) and the result's warnings printed after the run (the same sentences summary.json, report.md and the app
 * show).
 */
import { lonLatBoxSchema, type LonLatBox, type ResultSummary } from '../../shared/contract';
import { UserError } from '../../shared/errors';

/** --aoi "west,south,east,north" in degrees; "none" for the whole scene whatever is saved. */
export function parseAoi(text: string): LonLatBox | null {
  if (text.trim().toLowerCase() === 'none') return null;
  const parts = text.split(',').map((s) => Number(s.trim()));
  const box = lonLatBoxSchema.safeParse({ west: parts[0], south: parts[1], east: parts[2], north: parts[3] });
  if (parts.length !== 4 || !box.success) {
    throw new UserError(`--aoi "${text}" is not an area of interest: give west,south,east,north in degrees (e.g. 2.10,41.35,2.23,41.45), west < east and south < north, or "none"`);
  }
  return box.data;
}

export const AOI_HELP = 'map only this area: west,south,east,north in degrees of longitude/latitude (kept with the scene\'s settings, as in the app; "none": the whole scene)';
export const BAND_EQUIVALENCE_HELP =
  "accept band equivalence: bands the model needs that the scene lacks are taken from the scene sensor's equivalent bands (e.g. a Landsat scene for a Sentinel-2 model; red edge interpolated); the result says so";

/** The result's warnings, one "lcz: warning: ..." line each. */
export function warningLines(summary: Pick<ResultSummary, 'warnings'>): string {
  return summary.warnings.map((w) => `lcz: warning: ${w}\n`).join('');
}
