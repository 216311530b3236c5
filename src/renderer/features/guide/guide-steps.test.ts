import { describe, expect, it } from 'vitest';
import { guideStepStates, type GuideFacts } from './guide-steps';

const nothing: GuideFacts = { sceneOpen: false, modelsChosen: 0, mapped: false, exported: false };

describe('guideStepStates', () => {
  it('starts at the scene', () => {
    expect(guideStepStates(nothing)).toEqual({ scene: 'next', model: 'todo', map: 'todo', export: 'todo' });
  });

  it('marks each step done by what it made, the first one not done next', () => {
    expect(guideStepStates({ ...nothing, sceneOpen: true, modelsChosen: 1 })).toEqual({ scene: 'done', model: 'done', map: 'next', export: 'todo' });
    expect(guideStepStates({ sceneOpen: true, modelsChosen: 2, mapped: true, exported: true })).toEqual({ scene: 'done', model: 'done', map: 'done', export: 'done' });
  });

  it('shows a model chosen before any scene as done, the scene still next', () => {
    expect(guideStepStates({ ...nothing, modelsChosen: 1 })).toEqual({ scene: 'next', model: 'done', map: 'todo', export: 'todo' });
  });

  it('does not count an export of another map before this one is mapped', () => {
    expect(guideStepStates({ ...nothing, sceneOpen: true, modelsChosen: 1, exported: true }).export).toBe('todo');
  });
});
