import { useMemo } from 'react';
import type { Comparison } from '../../../shared/contract';
import { formatKm2 } from '../../ui/format';
import { classRows } from './compare-data';
import '../areas/areas.css';

const signed = (km2: number) => `${km2 > 0 ? '+' : km2 < 0 ? '−' : ''}${formatKm2(Math.abs(km2))}`;

/** Per class: its area in A and B, the difference, and the F1 of B against A (how well B finds A's class). */
export function ClassTable({ c }: { c: Comparison }) {
  const rows = useMemo(() => classRows(c), [c]);
  return (
    <table className="area-table compare-class-table" data-testid="compare-class-table">
      <thead>
        <tr>
          <th scope="col">Class</th>
          <th scope="col" className="num">A km²</th>
          <th scope="col" className="num">B km²</th>
          <th scope="col" className="num">B − A</th>
          <th scope="col" className="num" title="F1 of B against A">F1</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.value} data-testid={`compare-class-${r.value}`}>
            <th scope="row" className="area-class" title={r.name}>
              <span className="swatch" style={{ background: r.color }} aria-hidden="true" />
              <span className="area-code">{r.code}</span>
            </th>
            <td className="num">{formatKm2(r.areaA)}</td>
            <td className="num">{formatKm2(r.areaB)}</td>
            <td className="num">{signed(r.difference)}</td>
            <td className="num">{r.f1 === null ? '—' : r.f1.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
