import type { ComparedMap } from '../../../shared/contract';
import { crsLabel } from '../../ui/format';
import { Panel } from '../../ui/Panel';
import { SyntheticBadge } from '../../ui/SyntheticBadge';
import { useCompare } from './compare-store';

function MapFacts({ role, map }: { role: string; map: ComparedMap }) {
  return (
    <>
      <dt>{role}</dt>
      <dd data-testid={`compared-${role.toLowerCase()}`} title={map.path}>
        <span className="compared-name">{map.name}</span> {map.synthetic && <SyntheticBadge what="map" />}
        <span className="compared-meta">
          {map.kind === 'result' ? 'mapping result' : 'LCZ map'} · {map.width} × {map.height} · {crsLabel(map.crs)}
          {map.resampled && ' · resampled onto A (nearest)'}
        </span>
      </dd>
    </>
  );
}

/** What was compared with what, on which grid, and what the reader should know (resampling, legacy codes). */
export function ComparedMapsPanel() {
  const comparison = useCompare((s) => s.shown?.comparison ?? null);
  if (!comparison) return null;
  const { a, b, truth } = comparison.inputs;
  return (
    <Panel title="Maps" testId="compared-maps">
      <dl className="facts compared-facts">
        <MapFacts role="A" map={a} />
        <MapFacts role="B" map={b} />
        {truth && <MapFacts role="Truth" map={truth} />}
      </dl>
      <p className="hint">
        {comparison.cells.compared.toLocaleString('en-US')} cells ({comparison.cells.km2.toFixed(2)} km²) compared on A's grid, where both maps hold a class.
      </p>
      {comparison.notes.length > 0 && (
        <ul className="compare-notes" data-testid="compare-notes">
          {comparison.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
