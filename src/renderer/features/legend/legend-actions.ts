import { appStore } from '../../app/app-state';
import { LCZ_CLASSES } from '../../../shared/lcz-classes';

/** Hides a class if shown, shows it if hidden. */
export function toggleClass(value: number): void {
  appStore.set((s) => {
    const hidden = new Set(s.hidden);
    if (hidden.has(value)) hidden.delete(value);
    else hidden.add(value);
    return { hidden };
  });
}

export function showAllClasses(): void {
  appStore.set({ hidden: new Set<number>() });
}

export function hideAllClasses(): void {
  appStore.set({ hidden: new Set(LCZ_CLASSES.map((c) => c.value)) });
}
