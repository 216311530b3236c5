import type { SidebarTab } from '../../../shared/contract';
import { appStore } from '../app-state';

/** Shows the Map view with a sidebar tab: where a step of the guide, or a file just opened, is done. */
export function showMapTab(tab?: SidebarTab): void {
  appStore.set(tab ? { view: 'map', tab } : { view: 'map' });
}

/** "Start" in the activity bar: the guide beside the map (it lives in the Map view); pressed again, it closes. */
export function toggleGuide(): void {
  const { view, guideOpen } = appStore.get();
  appStore.set(view === 'map' && guideOpen ? { guideOpen: false } : { view: 'map', guideOpen: true });
}

export function closeGuide(): void {
  appStore.set({ guideOpen: false });
}
