import { useEffect } from 'react';
import { Panel } from '../../ui/Panel';
import { chooseDevice, loadMappingDeployments } from './device-actions';
import { useMapping } from './mapping-store';
import './mapping.css';

const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)} %`);

/**
 * Where the one chosen model runs: this computer (ONNX Runtime), or an Axelera Metis card through one of its
 * deployments (Deploy view). Shown only when the model has deployments; a simulated one says so.
 */
export function DevicePanel() {
  const selected = useMapping((s) => s.selected);
  const deployments = useMapping((s) => s.deployments);
  const device = useMapping((s) => s.device);
  const key = selected.join('\n');
  useEffect(() => {
    void loadMappingDeployments();
  }, [key]);
  if (selected.length !== 1 || deployments.length === 0) return null;
  const chosen = deployments.find((d) => d.dir === device?.deployment) ?? null;
  const summary = chosen ? `Metis card${chosen.simulated ? ' (simulated)' : ''}` : 'This computer';
  return (
    <Panel title="Device" testId="device-panel" summary={summary}>
      <div className="device-choices" role="radiogroup" aria-label="Where the model runs">
        <label className="option-check">
          <input type="radio" name="mapping-device" checked={!chosen} data-testid="device-cpu" onChange={() => chooseDevice(null)} />
          <span>
            <strong>This computer</strong> (ONNX Runtime)
          </span>
        </label>
        {deployments.map((d) => (
          <label key={d.dir} className="option-check" title={d.dir}>
            <input type="radio" name="mapping-device" checked={chosen?.dir === d.dir} data-testid="device-metis" data-dir={d.dir} onChange={() => chooseDevice(d.dir)} />
            <span>
              <strong>Metis card</strong>
              {d.simulated && (
                <span className="badge badge-synthetic" data-testid="device-simulated" title="Made on the Metis simulator: no card is used">
                  simulated
                </span>
              )}{' '}
              deployed {d.createdAt.slice(0, 16).replace('T', ' ')}; card accuracy {pct(d.accuracy)}
              {d.systemFps !== null && `, ${Math.round(d.systemFps).toLocaleString('en-US')} patches/s${d.simulated ? ' (simulated estimate)' : ''}`}
            </span>
          </label>
        ))}
      </div>
    </Panel>
  );
}
