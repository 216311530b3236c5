import type { ShellView } from '../../../shared/contract';

/** A view of the activity bar: built ones own the main area; the others are listed, disabled, saying what they will do. */
export interface ViewSpec {
  key: ShellView;
  label: string;
  built: boolean;
  /** What the view is for: its tooltip (and, for one not built yet, what it will do). */
  description: string;
}

export const VIEWS: readonly ViewSpec[] = [
  { key: 'map', label: 'Map', built: true, description: 'Read LCZ maps and map a city from a satellite scene' },
  { key: 'compare', label: 'Compare', built: true, description: 'Compare two LCZ maps: agreement, cross-tabulation and where they differ' },
  { key: 'training', label: 'Training', built: true, description: 'Train LCZ models on So2Sat LCZ42 data, with live curves and a report of each run' },
  { key: 'distillation', label: 'Distil', built: true, description: 'Distil a teacher ensemble into one compact student model' },
  { key: 'deploy', label: 'Deploy', built: true, description: 'Deploy a compact model onto an Axelera Metis accelerator, verify it and map with it' },
];

/** The view to show for a saved one: a view that is not built (a session from a newer version) falls back to the map. */
export function builtView(key: ShellView): ShellView {
  return VIEWS.find((v) => v.key === key)?.built ? key : 'map';
}
