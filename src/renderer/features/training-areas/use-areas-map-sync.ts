import { useEffect, useMemo } from 'react';
import { useApp } from '../../app/app-state';
import type { LczMapView } from '../../map/lcz-map-view';
import { suspiciousOutlines } from './areas-data';
import { useAreas } from './areas-store';

const NONE: readonly never[] = [];

/**
 * Hands the training areas to the map view while the Training areas tab is open (elsewhere the map shows none, so
 * they never get in the way of reading a map): the areas, the tool, the selected area, the suspicious outlines.
 */
export function useAreasMapSync(view: LczMapView | null): void {
  const open = useApp((s) => s.view === 'map' && s.tab === 'areas');
  const areas = useAreas((s) => s.areas);
  const tool = useAreas((s) => s.tool);
  const selectedId = useAreas((s) => s.selectedId);
  const accuracy = useAreas((s) => s.accuracy);
  const outlines = useMemo(() => suspiciousOutlines(accuracy?.suspicious ?? [], areas), [accuracy, areas]);

  useEffect(() => view?.setTrainingAreas(open ? areas : NONE), [view, open, areas]);
  useEffect(() => view?.setAreasTool(open ? tool : 'view'), [view, open, tool]);
  useEffect(() => view?.selectTrainingArea(open && tool === 'edit' ? selectedId : null), [view, open, tool, selectedId]);
  useEffect(() => view?.setSuspiciousAreas(open ? outlines : NONE), [view, open, outlines]);
}
