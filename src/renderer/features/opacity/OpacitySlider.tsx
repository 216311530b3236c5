import { useId } from 'react';
import { appStore, useApp } from '../../app/app-state';
import { Panel } from '../../ui/Panel';
import './opacity.css';

/** Opacity of the LCZ layer, 0-100 %. */
export function OpacitySlider() {
  const percent = useApp((s) => Math.round(s.opacity * 100));
  const hasMap = useApp((s) => s.map !== null);
  const id = useId();
  return (
    <Panel title="Layer">
      <div className="opacity">
        <label htmlFor={id}>Opacity</label>
        <input id={id} type="range" min={0} max={100} step={1} value={percent} disabled={!hasMap} data-testid="opacity-slider"
          onChange={(e) => appStore.set({ opacity: Number(e.target.value) / 100 })} />
        <output htmlFor={id} className="opacity-value" data-testid="opacity-value">
          {percent} %
        </output>
      </div>
    </Panel>
  );
}
