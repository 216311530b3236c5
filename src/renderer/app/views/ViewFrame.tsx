import type { ReactNode } from 'react';
import type { ShellView } from '../../../shared/contract';
import { useApp } from '../app-state';

/**
 * One view in the main area. Views stay mounted when another is shown, only hidden (visibility, so their size
 * stays and the map needs no resize): the MapLibre map, its camera and the views' folded panels survive a switch.
 */
export function ViewFrame({ view, label, children }: { view: ShellView; label: string; children: ReactNode }) {
  const active = useApp((s) => s.view === view);
  return (
    <div className={active ? 'view' : 'view is-hidden'} data-testid={`view-panel-${view}`} data-active={active} aria-label={label}
      role="region" inert={!active}>
      {children}
    </div>
  );
}
