import { useId, useState, type FormEvent } from 'react';
import { BASEMAPS, type Basemap, type TileSource } from '../../../shared/contract';
import { appStore, useApp } from '../../app/app-state';
import { Panel } from '../../ui/Panel';
import { setCustomSource } from './basemap-actions';
import './basemap.css';

const LABELS: Record<Basemap, string> = {
  osm: 'OpenStreetMap',
  custom: 'My tile source',
  outline: 'Country outline only (offline)',
  none: 'None',
};

function describe(source: TileSource): string {
  return source.kind === 'xyz' ? source.template : source.path;
}

/**
 * The basemap under the layers: OpenStreetMap tiles, the user's own (an XYZ URL template or a local PMTiles or MBTiles file,
 * checked by the core), the Natural Earth outline alone, or nothing. Tiles come through the core and its cache.
 */
export function BasemapPanel() {
  const basemap = useApp((s) => s.basemap);
  const custom = useApp((s) => s.basemapCustom);
  const [typed, setTyped] = useState<string | null>(null);
  const selectId = useId();
  const inputId = useId();
  const text = typed ?? (custom ? describe(custom) : '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void setCustomSource(text).then((taken) => {
      if (taken) setTyped(null);
    });
  };

  return (
    <Panel title="Basemap" testId="basemap-panel" summary={LABELS[basemap]}>
      <div className="basemap-choice">
        <label htmlFor={selectId}>Under the layers</label>
        <select id={selectId} className="select-input" value={basemap} data-testid="basemap-select"
          onChange={(e) => appStore.set({ basemap: e.target.value as Basemap })}>
          {BASEMAPS.map((b) => (
            <option key={b} value={b}>{LABELS[b]}</option>
          ))}
        </select>
      </div>
      {basemap === 'custom' && (
        <form className="field-group basemap-source" onSubmit={submit}>
          <label htmlFor={inputId}>XYZ URL template, or the path of a .pmtiles or .mbtiles file</label>
          <div className="field-row">
            <input id={inputId} className="text-input" data-testid="basemap-source-input" spellCheck={false} value={text}
              placeholder="http(s) address with {z}/{x}/{y}, or /data/city.mbtiles" onChange={(e) => setTyped(e.target.value)} />
            <button type="submit" className="primary-button" data-testid="basemap-source-submit" disabled={!text.trim()}>
              Use
            </button>
          </div>
        </form>
      )}
      <p className="hint basemap-hint">
        {basemap === 'none'
          ? 'A plain background.'
          : 'Online tiles are fetched by LCZ Studio and kept in the workspace (cache/tiles); PMTiles and MBTiles files of raster tiles are read from the disk. Offline, the Natural Earth outline is drawn.'}
      </p>
    </Panel>
  );
}
