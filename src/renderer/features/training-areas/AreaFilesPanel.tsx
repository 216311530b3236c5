import { useId, useState } from 'react';
import { useApp } from '../../app/app-state';
import { Panel } from '../../ui/Panel';
import { exportAreasFile, importAreasFile } from './areas-actions';
import { useAreas } from './areas-store';

/**
 * Import (KML/KMZ in the WUDAPT template, GeoJSON, a zipped shapefile) and export (KML template, GeoJSON) by path;
 * in browser mode the path is on the server machine, as for Open…. Says where the set is kept in the workspace.
 */
export function AreaFilesPanel() {
  const nativeDialogs = useApp((s) => s.info?.nativeDialogs ?? false);
  const savedPath = useAreas((s) => s.savedPath);
  const count = useAreas((s) => s.areas.length);
  const busy = useAreas((s) => s.busy);
  const [path, setPath] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const pathId = useId();
  const trimmed = path.trim();

  const exportAs = async (format: 'kml' | 'geojson') => {
    const written = await exportAreasFile(trimmed, format);
    setDone(written ? `Written: ${written}` : null);
  };

  return (
    <Panel title="Files" testId="area-files" defaultOpen>
      <div className="field-group">
        <label htmlFor={pathId}>{nativeDialogs ? 'File' : 'File (path on the server machine)'}</label>
        <input id={pathId} className="text-input" data-testid="areas-path-input" spellCheck={false} value={path}
          placeholder="/data/city/training-areas.kml" onChange={(e) => setPath(e.target.value)} />
      </div>
      <div className="field-row area-file-actions">
        <button type="button" className="secondary-button" data-testid="areas-import" disabled={!trimmed || busy}
          onClick={() => void importAreasFile(trimmed).then((ok) => setDone(ok ? `Imported: ${trimmed}` : null))}>
          Import
        </button>
        <button type="button" className="secondary-button" data-testid="areas-export-kml" disabled={!trimmed || count === 0} onClick={() => void exportAs('kml')}>
          Export KML
        </button>
        <button type="button" className="secondary-button" data-testid="areas-export-geojson" disabled={!trimmed || count === 0} onClick={() => void exportAs('geojson')}>
          Export GeoJSON
        </button>
      </div>
      {done && <p className="hint" data-testid="areas-file-done">{done}</p>}
      <p className="hint">
        KML/KMZ in the WUDAPT template (a folder per class, 1-10 and A-G), GeoJSON with an &quot;lcz&quot; property, or a zipped shapefile.
        {savedPath && <> Kept in the workspace as <span data-testid="areas-saved-path" title={savedPath}>{savedPath.split(/[\\/]/).pop()}</span>.</>}
      </p>
    </Panel>
  );
}
