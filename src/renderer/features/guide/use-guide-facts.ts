import { useApp } from '../../app/app-state';
import { useMapping } from '../mapping/mapping-store';
import type { GuideFacts } from './guide-steps';

/** What the guide reads of the app: the scene, the chosen models, a map of the scene, an export. */
export function useGuideFacts(): GuideFacts {
  const sceneOpen = useApp((s) => s.scene !== null);
  const modelsChosen = useMapping((s) => s.selected.length);
  const mapped = useApp((s) => s.result !== null && s.map?.id === s.result.map.id && (s.scene === null || s.result.summary.scene.path === s.scene.path));
  const exported = useApp((s) => s.jobs.some((j) => j.kind === 'export-map' && j.state === 'succeeded'));
  return { sceneOpen, modelsChosen, mapped, exported };
}
