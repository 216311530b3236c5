import { useApp } from '../../app/app-state';
import { sameSettings, settingsOfDraft } from '../scene/band-mapping';
import { mapBlockers } from './map-blockers';
import { parseResolution, useMapping } from './mapping-store';

export interface MapReadiness {
  /** What stops the Map button, in the order a user fixes things; empty when nothing does. */
  blockers: string[];
  /** The core is checking the scene against the chosen models: Map waits for its answer. */
  checking: boolean;
}

/** Whether the open scene can be mapped with the chosen models now: for the Map button and the guide alike. */
export function useMapReadiness(): MapReadiness {
  const scene = useApp((s) => s.scene);
  const selected = useMapping((s) => s.selected);
  const draft = useMapping((s) => s.draft);
  const resolution = useMapping((s) => s.resolution);
  const problems = useMapping((s) => s.problems);
  const bandsUnsaved = scene !== null && draft?.sceneId === scene.id && !sameSettings(settingsOfDraft(draft.bands).settings, scene.settings);
  const blockers = mapBlockers({
    hasScene: scene !== null,
    selectedModels: selected.length,
    bandsUnsaved,
    resolutionValid: parseResolution(resolution) !== null,
    problems,
  });
  return { blockers, checking: scene !== null && selected.length > 0 && problems === null };
}
