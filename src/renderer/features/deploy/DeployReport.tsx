import { accuracyRows, bytes, milliseconds, percent, perSecond } from './deploy-format';
import { mapWithMetis } from './deploy-actions';
import { useDeploy } from './deploy-store';
import { SimulatedBadge, SimulatedNote } from './SimulatedNote';

/**
 * A deployment's report: accuracy on the CPU, with the int8 model and on the card; FPS and latency; sizes; where it
 * ran; and "Map with Metis". Every figure of a simulated deployment is marked so.
 */
export function DeployReport() {
  const view = useDeploy((s) => s.report);
  if (!view) return null;
  const d = view.deployment;
  const v = d.verification;
  const b = d.benchmark;
  const sim = d.simulated ? <SimulatedBadge /> : null;
  return (
    <section className="deploy-section deploy-report" data-testid="deploy-report" data-dir={view.dir} data-simulated={d.simulated}>
      <header className="deploy-section-header">
        <h3>
          {d.bundle.name} on the Metis card {sim}
        </h3>
        <button type="button" className="primary-button" data-testid="map-with-metis" onClick={() => void mapWithMetis(view)}>
          Map with Metis
        </button>
      </header>
      {d.simulated && (
        <SimulatedNote testId="report-simulated">
          Made on the Metis simulator: no card was used. The card's accuracy is that of the int8 model run in ONNX Runtime through the card's int8 input and output; its FPS is an estimate from
          published model-zoo figures scaled by the model's multiply-accumulates.
        </SimulatedNote>
      )}
      {v && (
        <>
          <h4>Accuracy {sim}</h4>
          <p className="hint">
            {v.patches} patches: {v.data}
            {v.labelledPatches > 0 ? ` (${v.labelledPatches} with a true class)` : ''}.
          </p>
          <table className="deploy-table" data-testid="report-accuracy">
            <thead>
              <tr>
                <th />
                <th>CPU (float32)</th>
                <th>int8 model</th>
                <th>Metis card{d.simulated ? ' (simulated)' : ''}</th>
              </tr>
            </thead>
            <tbody>
              {accuracyRows(view).map((row) => (
                <tr key={row.label}>
                  <th>{row.label}</th>
                  <td data-testid="acc-cpu">{row.cpu}</td>
                  <td data-testid="acc-int8">{row.int8}</td>
                  <td data-testid="acc-card">{row.card}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">
            Largest difference of a class probability between the card and the CPU: {v.maxProbabilityDifference.toFixed(3)}
            {v.agreementWithInt8 !== null && `; the card agrees with the int8 model on ${percent(v.agreementWithInt8)}`}.
          </p>
        </>
      )}
      {b && (
        <>
          <h4>Speed {sim}</h4>
          <table className="deploy-table" data-testid="report-speed">
            <tbody>
              <tr>
                <th>Frames per second</th>
                <td>
                  device <span data-testid="fps-device">{perSecond(b.fps.device)}</span>
                </td>
                <td>
                  host <span data-testid="fps-host">{perSecond(b.fps.host)}</span>
                </td>
                <td>
                  system <span data-testid="fps-system">{perSecond(b.fps.system)}</span>
                </td>
              </tr>
              <tr>
                <th>Latency</th>
                <td>p50 {milliseconds(b.latencyMs?.p50)}</td>
                <td>p95 {milliseconds(b.latencyMs?.p95)}</td>
                <td>p99 {milliseconds(b.latencyMs?.p99)}</td>
              </tr>
            </tbody>
          </table>
          <p className="hint">
            {b.aipuCores} AIPU core{b.aipuCores === 1 ? '' : 's'}, {b.seconds} s. Power: {b.powerW !== null ? `${b.powerW} W` : b.powerNote}.
          </p>
        </>
      )}
      <h4>Model and card</h4>
      <dl className="facts" data-testid="report-facts">
        <dt>Size</dt>
        <dd>
          float model {bytes(view.sizes.bundleModel)} · compiled {bytes(view.sizes.compiledModel)}
          {d.simulated ? ' (simulated compile)' : ''}
        </dd>
        <dt>Card</dt>
        <dd>
          {d.device.name ?? d.device.pciAddress} · {d.device.boardType ?? 'board type unknown'} · firmware {d.device.firmware ?? 'unknown'}
          {d.simulated ? ' (simulated)' : ''}
        </dd>
        <dt>SDK</dt>
        <dd>
          {d.sdk.version ?? 'unknown'} ({d.compile.route === 'python-api' ? "the SDK's Python API" : 'axcompile'}, {d.compile.calibrationSamples} calibration patches)
          {d.simulated ? ' (simulated)' : ''}
        </dd>
        <dt>Int8 model</dt>
        <dd>{d.int8Bundle?.name ?? 'none compared'}</dd>
        <dt>Folder</dt>
        <dd title={view.dir}>{view.dir}</dd>
      </dl>
    </section>
  );
}
