import { useMemo } from 'react';
import { useApp } from '../../app/app-state';
import { LCZ_CLASSES, type LczClass } from '../../../shared/lcz-classes';
import { Panel } from '../../ui/Panel';
import { hideAllClasses, showAllClasses, toggleClass } from './legend-actions';
import './legend.css';

const GROUPS: ReadonlyArray<{ title: string; classes: readonly LczClass[] }> = [
  { title: 'Built types', classes: LCZ_CLASSES.filter((c) => c.urban) },
  { title: 'Land cover types', classes: LCZ_CLASSES.filter((c) => !c.urban) },
];

function absentSentence(n: number): string {
  return n === 1 ? '1 class does not occur in this map (greyed).' : `${n} classes do not occur in this map (greyed).`;
}

/** The standard LCZ legend: every class, a checkbox to show or hide it; classes absent from the map are greyed. */
export function Legend() {
  const map = useApp((s) => s.map);
  const hidden = useApp((s) => s.hidden);
  const present = useMemo(() => new Set(map?.areas.filter((a) => a.pixels > 0).map((a) => a.value)), [map]);

  const actions = (
    <>
      <button type="button" className="link-button" data-testid="legend-show-all" onClick={showAllClasses}>
        All
      </button>
      <button type="button" className="link-button" data-testid="legend-show-none" onClick={hideAllClasses}>
        None
      </button>
    </>
  );

  return (
    <Panel title="Legend" actions={actions}>
      <div className="legend" data-testid="legend">
        {GROUPS.map((group) => (
          <fieldset key={group.title} className="legend-group">
            <legend className="legend-group-title">{group.title}</legend>
            {group.classes.map((lcz) => {
              const absent = map !== null && !present.has(lcz.value);
              return (
                <label key={lcz.value} className={absent ? 'legend-row is-absent' : 'legend-row'} data-testid={`legend-row-${lcz.value}`}
                  data-present={!absent} title={absent ? `LCZ ${lcz.code} does not occur in this map` : undefined}>
                  <input type="checkbox" data-testid={`legend-toggle-${lcz.value}`} checked={!hidden.has(lcz.value)}
                    onChange={() => toggleClass(lcz.value)} />
                  <span className="swatch" style={{ background: lcz.color }} aria-hidden="true" />
                  <span className="legend-code">{lcz.code}</span>
                  <span className="legend-name">{lcz.name}</span>
                  {absent && (
                    <span className="legend-absent" data-testid={`legend-absent-${lcz.value}`}>
                      not in this map
                    </span>
                  )}
                </label>
              );
            })}
          </fieldset>
        ))}
        {map !== null && present.size < LCZ_CLASSES.length && (
          <p className="hint legend-absent-note" data-testid="legend-absent-note">
            {absentSentence(LCZ_CLASSES.length - present.size)}
          </p>
        )}
      </div>
    </Panel>
  );
}
