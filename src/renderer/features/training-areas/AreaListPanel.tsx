import { lczClass } from '../../../shared/lcz-classes';
import { Panel } from '../../ui/Panel';
import { deleteArea, selectArea, zoomToArea } from './areas-actions';
import { useAreas } from './areas-store';

/** Every area by name and class: select it (to edit it or give it another class), zoom to it, delete it. */
export function AreaListPanel() {
  const areas = useAreas((s) => s.areas);
  const selectedId = useAreas((s) => s.selectedId);
  if (areas.length === 0) return null;
  return (
    <Panel title="Areas" testId="area-list" summary={`${areas.length}`} defaultOpen={false}>
      <ul className="plain-list area-list">
        {areas.map((area) => {
          const lcz = lczClass(area.lcz)!;
          return (
            <li key={area.id} className={area.id === selectedId ? 'is-selected' : undefined} data-testid="area-item" data-id={area.id} data-lcz={area.lcz}>
              <button type="button" className="link-button area-item-name" onClick={() => selectArea(area.id === selectedId ? null : area.id)}
                title="Select it: pick a class to change its class">
                <span className="swatch" style={{ background: lcz.color }} aria-hidden="true" />
                {lcz.code} · {area.name || area.id}
              </button>
              <button type="button" className="link-button" onClick={() => zoomToArea(area.id)}>Zoom to</button>
              <button type="button" className="link-button is-danger" data-testid="area-delete" onClick={() => deleteArea(area.id)}>Delete</button>
            </li>
          );
        })}
      </ul>
    </Panel>
  );
}
