import type { ReactNode } from 'react';
import { appStore, useApp } from '../../app/app-state';
import { ZoomToIcon } from '../../ui/icons';
import { Panel } from '../../ui/Panel';
import { SyntheticBadge } from '../../ui/SyntheticBadge';
import { OpacitySlider } from '../opacity/OpacitySlider';
import './layers.css';

interface LayerRowProps {
  testId: string;
  checked: boolean;
  onToggle: (checked: boolean) => void;
  kind: string;
  name: string;
  /** After the name, never cut off by it (the synthetic badge). */
  badge?: ReactNode;
  title?: string;
  bounds?: readonly [number, number, number, number];
  children?: ReactNode;
}

/** One layer: a checkbox to show it, what it is, a button to zoom to it, and its own controls below. */
function LayerRow({ testId, checked, onToggle, kind, name, badge, title, bounds, children }: LayerRowProps) {
  return (
    <li className={checked ? 'layer-row' : 'layer-row is-off'} data-testid={`layer-${testId}`}>
      <div className="layer-head">
        <label className="layer-label" title={title}>
          <input type="checkbox" checked={checked} data-testid={`layer-${testId}-toggle`} onChange={(e) => onToggle(e.target.checked)} />
          <span className="layer-kind">{kind}</span>
          <span className="layer-name">{name}</span>
          {badge}
        </label>
        {bounds && (
          <button type="button" className="icon-button" title="Zoom to this layer" aria-label={`Zoom to the ${kind.toLowerCase()} layer`}
            onClick={() => appStore.set({ focus: { bounds } })}>
            <ZoomToIcon />
          </button>
        )}
      </div>
      {children && <div className="layer-controls">{children}</div>}
    </li>
  );
}

/** The layers on the map, top one first as drawn: confidence overlay, LCZ map, scene. */
export function LayersPanel() {
  const map = useApp((s) => s.map);
  const result = useApp((s) => s.result);
  const scene = useApp((s) => s.scene);
  const lczVisible = useApp((s) => s.lczVisible);
  const sceneVisible = useApp((s) => s.sceneVisible);
  const overlayVisible = useApp((s) => s.overlay.visible);

  if (!map && !scene) {
    return (
      <Panel title="Layers">
        <p className="hint">Nothing on the map yet. Open an LCZ map or a satellite scene.</p>
      </Panel>
    );
  }
  return (
    <Panel title="Layers" testId="layers-panel">
      <ul className="layer-list">
        {result && (
          <LayerRow testId="confidence" checked={overlayVisible} kind="Confidence" name="Unsure cells marked"
            onToggle={(visible) => appStore.set((s) => ({ overlay: { ...s.overlay, visible } }))} />
        )}
        {map && (
          <LayerRow testId="lcz" checked={lczVisible} kind={result ? 'LCZ result' : 'LCZ map'} title={map.path} bounds={map.bounds}
            name={map.name} badge={map.synthetic && <SyntheticBadge what="map" />} onToggle={(v) => appStore.set({ lczVisible: v })}>
            <OpacitySlider />
          </LayerRow>
        )}
        {scene && (
          <LayerRow testId="scene" checked={sceneVisible} kind="Scene" title={scene.path} bounds={scene.bounds}
            name={scene.name} badge={scene.synthetic && <SyntheticBadge what="scene" />} onToggle={(v) => appStore.set({ sceneVisible: v })}>
            <span className="hint layer-note">True colour (red, green, blue): {scene.preview.drawn.join(', ')}</span>
          </LayerRow>
        )}
      </ul>
    </Panel>
  );
}
