import { bandRecipe, bandSpec, describeRecipe, SENSOR_LABEL, type Sensor } from '../../../shared/bands';

/**
 * What band equivalence would do for the chosen models on the open scene: the bands they need that the scene lacks,
 * each with the band (or the two bands) of the scene's sensor standing in for it, and the bands nothing stands in for.
 * Null when the scene names every band the models need (nothing to accept). Pure: tested in Node.
 */
export interface EquivalenceOffer {
  /** The scene's sensor ("Landsat 7 ETM+"), as its band mapping names its bands. */
  sceneSensor: string;
  /** The models' sensor ("Sentinel-2 MSI"). */
  modelSensor: string;
  /** "S2.B4 (red) from L7.B3 (red, 660 nm)", one per band taken by equivalence. */
  standIns: { id: string; text: string; interpolated: boolean }[];
  /** Bands that have no equivalent among the scene's bands, with their common names: they stop the mapping. */
  noEquivalent: string[];
}

export function equivalenceOffer(sceneBands: readonly (string | null)[], modelBands: readonly (readonly string[])[]): EquivalenceOffer | null {
  const available = sceneBands.filter((b): b is string => b !== null);
  const wanted = [...new Set(modelBands.flat())];
  const missing = wanted.filter((id) => !available.includes(id));
  if (missing.length === 0 || available.length === 0) return null;
  const standIns: EquivalenceOffer['standIns'] = [];
  const noEquivalent: string[] = [];
  for (const id of missing) {
    const recipe = bandRecipe(id, available);
    const common = bandSpec(id)?.common ?? '';
    if (recipe === null) noEquivalent.push(`${id}${common ? ` (${common})` : ''}`);
    else standIns.push({ id, text: `${id}${common ? ` (${common})` : ''} from ${describeRecipe(recipe)}`, interpolated: recipe.kind === 'interpolated' });
  }
  const sensorOf = (id: string | undefined): string => {
    const sensor: Sensor | undefined = id ? bandSpec(id)?.sensor : undefined;
    return sensor ? SENSOR_LABEL[sensor] : 'another sensor';
  };
  return { sceneSensor: sensorOf(available[0]), modelSensor: sensorOf(missing[0]), standIns, noEquivalent };
}
