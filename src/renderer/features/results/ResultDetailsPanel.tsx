import { useApp } from '../../app/app-state';
import { Panel } from '../../ui/Panel';
import { SyntheticBadge } from '../../ui/SyntheticBadge';
import { formatDate, formatKm2 } from '../../ui/format';
import { honestyFlags } from './honesty-flags';
import './results.css';

/** How the open result was made: scene, models, settings, speed, where its files are. */
export function ResultDetailsPanel() {
  const result = useApp((s) => s.result);
  if (!result) return null;
  const { summary } = result;
  const { stats, settings } = summary;
  const ensemble = summary.models.length > 1;
  return (
    <Panel title="Open result" testId="result-details">
      <h2 className="result-title" data-testid="result-name">
        {summary.name} {summary.synthetic && <SyntheticBadge testId="result-synthetic" what="result" />}
      </h2>
      {summary.synthetic && <p className="synthetic-note">Mapped from the synthetic demo scene: not real data.</p>}
      {honestyFlags(summary).length > 0 && (
        <div className="result-flags" data-testid="result-flags">
          {honestyFlags(summary).map((f) => (
            <span key={f.key} className="honesty-flag" data-testid={`result-flag-${f.key}`}>
              {f.label}
            </span>
          ))}
        </div>
      )}
      {summary.warnings.length > 0 && (
        <ul className="result-warnings" data-testid="result-warnings" aria-label="Before you use this map">
          {summary.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <dl className="facts">
        <dt>Made</dt>
        <dd>
          {formatDate(summary.createdAt)} by {summary.createdBy}
        </dd>
        <dt>Scene</dt>
        <dd title={summary.scene.path}>{summary.scene.name}</dd>
        <dt>{ensemble ? `Ensemble (${summary.models.length})` : 'Model'}</dt>
        <dd data-testid="result-models">
          {summary.models.map((m) => (
            <span key={m.dir} className="result-model" title={m.dir}>
              {m.name}
            </span>
          ))}
        </dd>
        <dt>Settings</dt>
        <dd>
          {settings.resolutionM} m{settings.tta ? ', flips (TTA)' : ''}
          {ensemble ? `, ${settings.fusion === 'sum-rule' ? 'sum rule' : 'logit average'}` : ''}
          {settings.filter ? ', majority filter' : ''}
        </dd>
        {settings.filter && stats.filterChangedCells !== null && (
          <>
            <dt>Filter</dt>
            <dd data-testid="result-filter-note">
              changed {stats.filterChangedCells.toLocaleString('en-US')} cells; there the class drawn is not the model's most probable, and the
              confidence shown is that of the class drawn
            </dd>
          </>
        )}
        <dt>Grid</dt>
        <dd>
          {summary.grid.width} × {summary.grid.height} cells, {summary.grid.crs}, {formatKm2(summary.totalKm2)} km²
        </dd>
        <dt>Speed</dt>
        <dd>
          {stats.patches.toLocaleString('en-US')} patches in {stats.seconds.toFixed(1)} s ({Math.round(stats.patchesPerSecond).toLocaleString('en-US')}/s)
        </dd>
        <dt>Engine</dt>
        <dd>{stats.engine}</dd>
        <dt>Folder</dt>
        <dd className="map-path" title={result.dir}>
          {result.dir}
        </dd>
      </dl>
    </Panel>
  );
}
