import type { LonLatBox } from '../../../shared/contract';
import { appStore } from '../../app/app-state';
import { createStore, useStoreSlice } from '../../app/store';
import { aoiDraftOf, type AoiDraft } from './aoi-draft';

/**
 * The area of interest being edited, typed or drawn: the panel's fields and the map's drawing share it, so a drawn
 * rectangle fills the fields, and the fields' box is outlined on the map. Saved only by "Crop to this area".
 */
export interface AoiState {
  /** The scene the draft belongs to (its id); another scene starts from its own saved area. */
  sceneId: string | null;
  draft: AoiDraft;
  /** The pointer draws a rectangle on the map for the draft (the Mapping tab's "Draw on the map"). */
  drawing: boolean;
}

export const aoiStore = createStore<AoiState>({ sceneId: null, draft: aoiDraftOf(null), drawing: false });

export function useAoi<T>(selector: (state: AoiState) => T): T {
  return useStoreSlice(aoiStore, selector);
}

export function editAoiDraft(sceneId: string, draft: AoiDraft): void {
  aoiStore.set({ sceneId, draft });
}

export function startAoiDrawing(): void {
  aoiStore.set({ drawing: true });
}

export function stopAoiDrawing(): void {
  if (aoiStore.get().drawing) aoiStore.set({ drawing: false });
}

/** A rectangle drawn on the map: its box goes in the fields, to check and adjust before cropping; drawing ends. */
export function aoiDrawn(box: LonLatBox): void {
  const scene = appStore.get().scene;
  aoiStore.set(scene ? { sceneId: scene.id, draft: aoiDraftOf(box), drawing: false } : { drawing: false });
}
