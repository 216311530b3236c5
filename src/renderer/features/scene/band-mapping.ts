import { SENSORS, SO2SAT_S2_BANDS, bandFromDescription, bandSpec, sensorBands, type Sensor } from '../../../shared/bands';
import type { SceneSettings } from '../../../shared/contract';

/**
 * Pure helpers of the band mapping form: what each file band can be set to, the draft the user edits (numbers as
 * typed), and what stops it from being saved. No DOM: tested in Node.
 */

export interface BandDraft {
  sensor: Sensor | null;
  bands: (string | null)[];
  /** As typed, so a half-typed number is not lost. */
  scale: string;
  offset: string;
}

export interface BandOption {
  id: string;
  label: string;
}

export function draftOf(settings: SceneSettings): BandDraft {
  return { sensor: settings.sensor, bands: [...settings.bands], scale: String(settings.scale), offset: String(settings.offset) };
}

/** Band ids a file band can be: the sensor's bands, or every known band (grouped by sensor) when it is unknown. */
export function bandOptions(sensor: Sensor | null): { sensor: Sensor; options: BandOption[] }[] {
  const sensors = sensor ? [sensor] : [...SENSORS];
  return sensors.map((s) => ({
    sensor: s,
    options: sensorBands(s).map((b) => ({ id: b.id, label: `${b.name} · ${b.common} ${b.centreNm} nm` })),
  }));
}

/**
 * The draft for another sensor: bands already of that sensor stay, the others are read again from the band
 * descriptions for the new sensor (or left unused).
 */
export function withSensor(draft: BandDraft, descriptions: readonly string[], sensor: Sensor | null): BandDraft {
  const bands = draft.bands.map((id, i) => {
    if (id !== null && (sensor === null || bandSpec(id)?.sensor === sensor)) return id;
    return sensor ? bandFromDescription(descriptions[i] ?? '', sensor) : null;
  });
  // Reading descriptions again can name a band twice: keep the first.
  const seen = new Set<string>();
  return { ...draft, sensor, bands: bands.map((id) => (id === null || seen.has(id) ? null : (seen.add(id), id))) };
}

/**
 * The band ids a stack of `count` bands of this sensor usually holds, in file order: Landsat 7's six reflective
 * bands (B1-B5, B7), Landsat 8's B1-B7, Sentinel-2's 13 bands, or the 10 of So2Sat / most LCZ work (B2-B8A, B11, B12);
 * null when the count matches no usual stack.
 */
export function usualOrder(sensor: Sensor, count: number): string[] | null {
  const all = sensorBands(sensor).map((b) => b.id);
  if (sensor === 'sentinel-2' && count === SO2SAT_S2_BANDS.length) return [...SO2SAT_S2_BANDS];
  return count === all.length ? all : null;
}

/** Sets file band `index` to `id` (null: unused). */
export function withBand(draft: BandDraft, index: number, id: string | null): BandDraft {
  return { ...draft, bands: draft.bands.map((b, i) => (i === index ? id : b)) };
}

function parseNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** The settings a draft stands for, and why they cannot be saved (the core would refuse them too). */
export function settingsOfDraft(draft: BandDraft): { settings: SceneSettings; problems: string[] } {
  const settings: SceneSettings = { sensor: draft.sensor, bands: [...draft.bands], scale: parseNumber(draft.scale), offset: parseNumber(draft.offset) };
  const problems: string[] = [];
  const counts = new Map<string, number>();
  for (const id of settings.bands) if (id !== null) counts.set(id, (counts.get(id) ?? 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  if (twice.length > 0) problems.push(`${twice.join(', ')} ${twice.length > 1 ? 'are' : 'is'} given to more than one file band.`);
  if (settings.bands.every((b) => b === null)) problems.push('No file band is mapped to a band: a model cannot use this scene.');
  if (!(Number.isFinite(settings.scale) && settings.scale > 0)) problems.push('The reflectance scale must be a positive number.');
  if (!Number.isFinite(settings.offset)) problems.push('The reflectance offset must be a number.');
  return { settings, problems };
}

export function sameSettings(a: SceneSettings, b: SceneSettings): boolean {
  return a.sensor === b.sensor && a.scale === b.scale && a.offset === b.offset && a.bands.length === b.bands.length && a.bands.every((id, i) => id === b.bands[i]);
}

/** "10 of 10 file bands mapped". */
export function mappedSummary(bands: readonly (string | null)[]): string {
  const named = bands.filter((b) => b !== null).length;
  return `${named} of ${bands.length} file bands mapped`;
}
