import { useApp } from '../../app/app-state';
import type { BundleSummary } from '../../../shared/contract';
import { Panel } from '../../ui/Panel';
import { describeBands, headlineMetrics } from './bundle-format';
import { loadBundles, toggleBundle } from './mapping-actions';
import { useMapping } from './mapping-store';
import './mapping.css';

function ModelRow({ bundle, checked }: { bundle: BundleSummary; checked: boolean }) {
  const metrics = headlineMetrics(bundle.metrics);
  return (
    <li className={checked ? 'model-row is-selected' : 'model-row'} data-testid="model-row" data-dir={bundle.dir} data-demo={bundle.demo} data-kind={bundle.lineage.kind}>
      <label className="model-label" title={bundle.dir}>
        <input type="checkbox" checked={checked} data-testid="model-toggle" onChange={() => toggleBundle(bundle.dir)} />
        <span className="model-name">{bundle.name}</span>
        {bundle.demo && <span className="badge badge-demo" title="The model shipped with LCZ Studio for the synthetic demo">demo</span>}
        {bundle.lineage.kind !== 'model' && (
          <span className={`badge badge-lineage is-${bundle.lineage.kind}`} data-testid="model-kind" title={bundle.lineage.detail ?? undefined}>
            {bundle.lineage.kind}
          </span>
        )}
      </label>
      <div className="model-details">
        {bundle.description && (
          <p className="model-description clamp" title={bundle.description}>
            {bundle.description}
          </p>
        )}
        {bundle.lineage.detail && (
          <p className="model-lineage clamp" data-testid="model-lineage" title={bundle.lineage.detail}>
            {bundle.lineage.detail}
          </p>
        )}
        <p>{describeBands(bundle.bands)}</p>
        <p className="clamp" title={bundle.method}>
          {bundle.patchSize} × {bundle.patchSize} px patches at {bundle.resolutionM} m · {bundle.method}
        </p>
        {metrics.items.length > 0 && (
          <p className="model-metrics" data-testid="model-metrics">
            {metrics.context && <span className="model-metrics-context">{metrics.context}: </span>}
            {metrics.items.join(' · ')}
          </p>
        )}
      </div>
    </li>
  );
}

/** The model bundles to map with: tick one, or several for an ensemble. */
export function ModelsPanel() {
  const bundles = useMapping((s) => s.bundles);
  const broken = useMapping((s) => s.broken);
  const selected = useMapping((s) => s.selected);
  const workspace = useApp((s) => s.info?.workspace);
  const actions = (
    <button type="button" className="link-button" data-testid="models-refresh" onClick={() => void loadBundles()}>
      Refresh
    </button>
  );
  return (
    <Panel title="Models" actions={actions} testId="models-panel" summary={`${selected.length} selected`}>
      {bundles === null && <p className="hint">Listing the model bundles…</p>}
      {bundles?.length === 0 && (
        <p className="hint" data-testid="models-empty">
          No model bundles yet. Put a bundle folder (model.onnx + manifest.json) in {workspace ? <code>{workspace}/bundles</code> : 'the workspace’s bundles folder'} and
          press Refresh.
        </p>
      )}
      {bundles && bundles.length > 0 && (
        <ul className="model-list" data-testid="model-list">
          {bundles.map((b) => (
            <ModelRow key={b.dir} bundle={b} checked={selected.includes(b.dir)} />
          ))}
        </ul>
      )}
      {selected.length > 1 && (
        <p className="ensemble-note" data-testid="ensemble-note">
          <span className="badge badge-info">Ensemble</span> {selected.length} models: their probabilities are fused (see Settings), and how much the
          members agree becomes a confidence measure.
        </p>
      )}
      {broken.length > 0 && (
        <details className="broken-bundles">
          <summary>
            {broken.length} folder{broken.length > 1 ? 's' : ''} could not be read as a bundle
          </summary>
          <ul>
            {broken.map((b) => (
              <li key={b.dir} title={b.dir}>
                <strong>{b.dir.split(/[\\/]/).pop()}</strong>: {b.problem}
              </li>
            ))}
          </ul>
        </details>
      )}
    </Panel>
  );
}
