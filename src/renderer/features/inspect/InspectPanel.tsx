import { useApp } from '../../app/app-state';
import { lczClass } from '../../../shared/lcz-classes';
import { crsLabel, formatCrsXY, formatLonLat } from '../../ui/format';
import { CloseIcon } from '../../ui/icons';
import { closeInspect } from './inspect-at';
import './inspect.css';

/** What the user clicked: the class of the cell, where it is in the raster, the map CRS and lon/lat. */
export function InspectPanel() {
  const inspect = useApp((s) => s.inspect);
  const map = useApp((s) => s.map);
  if (!inspect || !map) return null;
  const { result, lon, lat } = inspect;
  const lcz = result.inside ? lczClass(result.value) : undefined;

  let heading: string;
  if (!result.inside) heading = 'Outside the map';
  else if (!lcz) heading = 'No data';
  else heading = `LCZ ${lcz.code} ${lcz.name}`;

  return (
    <aside className="inspect-panel floating-card" data-testid="inspect-panel" aria-label="Inspected cell" data-lon={lon} data-lat={lat}
      data-value={result.inside ? result.value : undefined}>
      <header className="inspect-header">
        <span className={lcz ? 'swatch swatch-large' : 'swatch swatch-large swatch-empty'} style={lcz ? { background: lcz.color } : undefined}
          aria-hidden="true" />
        <strong data-testid="inspect-class">
          {heading}
        </strong>
        <button type="button" className="icon-button" aria-label="Close" data-testid="inspect-close" onClick={closeInspect}>
          <CloseIcon />
        </button>
      </header>
      <dl className="facts">
        {result.inside && (
          <>
            <dt>Cell</dt>
            <dd data-testid="inspect-cell">
              row {result.row}, col {result.col}
            </dd>
            <dt title={crsLabel(map.crs)}>Map CRS</dt>
            <dd data-testid="inspect-xy">{formatCrsXY(result.x, result.y, map.crs)}</dd>
          </>
        )}
        <dt>Lon/lat</dt>
        <dd data-testid="inspect-lonlat">{formatLonLat(lon, lat)}</dd>
      </dl>
    </aside>
  );
}
