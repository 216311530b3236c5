import { useMemo, useState } from 'react';
import { useApp } from '../../app/app-state';
import type { ClassArea } from '../../../shared/contract';
import { lczClass } from '../../../shared/lcz-classes';
import { formatKm2, formatPercent } from '../../ui/format';
import { Panel } from '../../ui/Panel';
import './areas.css';

type SortKey = 'class' | 'area';

function sortAreas(areas: readonly ClassArea[], key: SortKey): ClassArea[] {
  const present = areas.filter((a) => a.pixels > 0);
  return key === 'class' ? present.sort((a, b) => a.value - b.value) : present.sort((a, b) => b.km2 - a.km2 || a.value - b.value);
}

/** Area of every class present in the map (km² and % of the classified area), with the total. */
export function AreaTable() {
  const map = useApp((s) => s.map);
  const [sortKey, setSortKey] = useState<SortKey>('class');
  const rows = useMemo(() => sortAreas(map?.areas ?? [], sortKey), [map, sortKey]);
  if (!map) return null;

  const header = (key: SortKey, label: string, className?: string) => (
    <th scope="col" className={className} aria-sort={sortKey === key ? (key === 'class' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => setSortKey(key)}>
        {label}
      </button>
    </th>
  );

  return (
    <Panel title="Class areas">
      <table className="area-table" data-testid="area-table">
        <thead>
          <tr>
            {header('class', 'Class')}
            {header('area', 'km²', 'num')}
            <th scope="col" className="num">%</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((area) => {
            const lcz = lczClass(area.value);
            return (
              <tr key={area.value} data-testid={`area-row-${area.value}`} data-km2={area.km2} data-percent={area.percent}>
                <th scope="row" className="area-class">
                  <span className="swatch" style={{ background: lcz?.color }} aria-hidden="true" />
                  <span className="area-code">{lcz?.code}</span>
                  <span className="area-name">{lcz?.name}</span>
                </th>
                <td className="num" data-testid="area-km2">{formatKm2(area.km2)}</td>
                <td className="num" data-testid="area-percent">{formatPercent(area.percent)}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr data-testid="area-total">
            <th scope="row">Total</th>
            <td className="num">{formatKm2(map.totalKm2)}</td>
            <td className="num">{formatPercent(rows.reduce((sum, a) => sum + a.percent, 0))}</td>
          </tr>
        </tfoot>
      </table>
      <p className="hint">Classified cells only; nodata excluded. Click a header to sort.</p>
    </Panel>
  );
}
