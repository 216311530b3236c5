import { useId } from 'react';
import type { ResultListItem } from '../../../shared/contract';
import { formatDate } from '../../ui/format';
import type { MapChoice } from './map-choice';

const FILE = '__file__';

/** Picks one map to compare: a saved result from the list, or "an LCZ GeoTIFF" by its path on the core's machine. */
export function MapChoiceField({ label, choice, results, onChange, testId }: {
  label: string;
  choice: MapChoice;
  results: readonly ResultListItem[];
  onChange: (choice: MapChoice) => void;
  testId: string;
}) {
  const id = useId();
  return (
    <div className="field-group">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="select-input" data-testid={`${testId}-select`} value={choice.kind === 'result' ? choice.dir : FILE}
        onChange={(e) => onChange(e.target.value === FILE ? { kind: 'file', path: '' } : { kind: 'result', dir: e.target.value })}>
        {results.map((r) => (
          <option key={r.dir} value={r.dir}>
            {r.name} · {formatDate(r.createdAt)}
            {r.synthetic ? ' · synthetic' : ''}
          </option>
        ))}
        <option value={FILE}>An LCZ GeoTIFF (type its path)…</option>
      </select>
      {choice.kind === 'file' && (
        <input className="text-input" data-testid={`${testId}-path`} spellCheck={false} placeholder="/data/city/lcz.tif" value={choice.path}
          onChange={(e) => onChange({ kind: 'file', path: e.target.value })} />
      )}
    </div>
  );
}
