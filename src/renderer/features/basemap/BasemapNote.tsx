import { useApp } from '../../app/app-state';
import './basemap.css';

/** A quiet line on the map when basemap tiles are missing: the map goes on working, on the outline. */
export function BasemapNote() {
  const note = useApp((s) => (s.basemap === 'osm' || s.basemap === 'custom' ? s.basemapNote : null));
  if (!note) return null;
  return (
    <div className="basemap-note" data-testid="basemap-note" role="status" title={note}>
      Basemap offline: outline shown. {note}
    </div>
  );
}
