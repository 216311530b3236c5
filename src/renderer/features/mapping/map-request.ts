import type { Fusion, MapSceneParams, SceneView } from '../../../shared/contract';

/**
 * The mapping job's parameters from the open scene and the Mapping tab's choices; null when the resolution typed is
 * not one. Pure: tested in Node.
 */
export function mapJobParams(
  scene: Pick<SceneView, 'path' | 'settings' | 'truthPath'>,
  choices: { selected: readonly string[]; resolutionM: number | null; tta: boolean; filter: boolean; fusion: Fusion | 'recorded'; device?: { deployment: string } | null; bandEquivalence?: boolean },
): Omit<MapSceneParams, 'outDir'> | null {
  const { selected, resolutionM, tta, filter, fusion, device } = choices;
  if (resolutionM === null || selected.length === 0) return null;
  return {
    scene: scene.path,
    settings: scene.settings,
    bundles: [...selected],
    resolutionM,
    tta,
    filter,
    // Left out, the job fuses as the bundles record (mapping/fusion-choice.ts); one model has nothing to fuse.
    ...(fusion !== 'recorded' && selected.length > 1 ? { fusion } : {}),
    truth: scene.truthPath,
    bandEquivalence: choices.bandEquivalence ?? false,
    // The card runs one model (a deployment is of one bundle); an ensemble runs on the CPU.
    ...(device && selected.length === 1 ? { device: { kind: 'metis' as const, deployment: device.deployment, index: 0 } } : {}),
  };
}
