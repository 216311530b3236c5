import { useId } from 'react';
import { appStore, useApp } from '../../app/app-state';
import './opacity.css';

/** Opacity of the LCZ layer, 0-100 %. */
export function OpacitySlider() {
  const percent = useApp((s) => Math.round(s.opacity * 100));
  const enabled = useApp((s) => s.map !== null && s.lczVisible);
  const id = useId();
  return (
    <div className="opacity">
      <label htmlFor={id}>Opacity</label>
      <input id={id} type="range" min={0} max={100} step={1} value={percent} disabled={!enabled} data-testid="opacity-slider"
        onChange={(e) => appStore.set({ opacity: Number(e.target.value) / 100 })} />
      <output htmlFor={id} className="opacity-value" data-testid="opacity-value">
        {percent} %
      </output>
    </div>
  );
}
