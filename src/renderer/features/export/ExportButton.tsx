import { appStore, useApp } from '../../app/app-state';
import { ExportIcon } from '../../ui/icons';

/** Toolbar "Export…": opens the export dialog for the map on screen. */
export function ExportButton() {
  const hasMap = useApp((s) => s.map !== null);
  return (
    <button type="button" className="tool-button" data-testid="export-button" disabled={!hasMap}
      title="Export the map as a Cloud Optimized GeoTIFF with its LCZ palette" onClick={() => appStore.set({ dialog: 'export' })}>
      <ExportIcon />
      Export…
    </button>
  );
}
