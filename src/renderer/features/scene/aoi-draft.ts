import type { LonLatBox } from '../../../shared/contract';

/**
 * The area of interest as the user types it (west, south, east, north in degrees), and what stops it. A full
 * Sentinel-2 tile is 110 km across: most cities need a fraction, and cropping saves the mapping most of its work.
 * Pure: tested in Node.
 */
export interface AoiDraft {
  west: string;
  south: string;
  east: string;
  north: string;
}

const SIDES = ['west', 'south', 'east', 'north'] as const;

export function aoiDraftOf(box: LonLatBox | undefined | null): AoiDraft {
  const text = (v: number | undefined) => (v === undefined ? '' : String(v));
  return { west: text(box?.west), south: text(box?.south), east: text(box?.east), north: text(box?.north) };
}

/** A draft as "2.10, 41.35, 2.23, 41.45" pasted in one field: split into its four sides. */
export function aoiDraftFromText(text: string): AoiDraft | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length !== 4) return null;
  return { west: parts[0]!, south: parts[1]!, east: parts[2]!, north: parts[3]! };
}

/** The box a draft stands for, or the problems that stop it (the core checks it is on the scene). */
export function aoiOfDraft(draft: AoiDraft): { box: LonLatBox | null; problems: string[] } {
  const values = SIDES.map((side) => (draft[side].trim() === '' ? Number.NaN : Number(draft[side])));
  const problems: string[] = [];
  const bad = SIDES.filter((_, i) => !Number.isFinite(values[i]));
  if (bad.length > 0) problems.push(`Give ${bad.join(', ')} in degrees.`);
  const [west, south, east, north] = values as [number, number, number, number];
  if (bad.length === 0) {
    if ([west, east].some((v) => v < -180 || v > 180) || [south, north].some((v) => v < -90 || v > 90)) problems.push('Longitudes are from -180 to 180, latitudes from -90 to 90.');
    if (!(west < east)) problems.push('West must be less than east.');
    if (!(south < north)) problems.push('South must be less than north.');
  }
  return problems.length ? { box: null, problems } : { box: { west, south, east, north }, problems };
}
