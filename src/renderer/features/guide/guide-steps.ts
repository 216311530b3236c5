/**
 * The steps of "Map my city" and how far the user is: a step is done when what it makes is there (a scene open, a
 * model chosen, a map of that scene, an export); the first step not done is the next one. Pure: tested in Node.
 */

export const GUIDE_STEPS = ['scene', 'model', 'map', 'export'] as const;
export type GuideStepKey = (typeof GUIDE_STEPS)[number];
export type GuideStepState = 'done' | 'next' | 'todo';

export interface GuideFacts {
  sceneOpen: boolean;
  modelsChosen: number;
  /** A mapping result of the open scene is on the map. */
  mapped: boolean;
  /** An export of the map has been written in this session. */
  exported: boolean;
}

function isDone(step: GuideStepKey, f: GuideFacts): boolean {
  switch (step) {
    case 'scene':
      return f.sceneOpen;
    case 'model':
      return f.modelsChosen > 0;
    case 'map':
      return f.mapped;
    case 'export':
      // Of the map just made: an export of some other map does not finish this guide.
      return f.mapped && f.exported;
  }
}

export function guideStepStates(f: GuideFacts): Record<GuideStepKey, GuideStepState> {
  const next = GUIDE_STEPS.find((step) => !isDone(step, f));
  const states = {} as Record<GuideStepKey, GuideStepState>;
  for (const step of GUIDE_STEPS) states[step] = isDone(step, f) ? 'done' : step === next ? 'next' : 'todo';
  return states;
}
