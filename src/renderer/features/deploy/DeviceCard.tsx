import type { MetisDevice, MetisProblem } from '../../../shared/contract';
import { Panel } from '../../ui/Panel';
import { refreshStatus } from './deploy-actions';
import { cardState, sentence } from './deploy-format';
import { useDeploy } from './deploy-store';
import { SimulatedBadge, SimulatedNote } from './SimulatedNote';

/** Devices listed at once; a 4-AIPU card alone is four: the rest fold away. */
const SHOWN = 3;

const HEADLINE = {
  ready: 'Ready: a Metis card can be used',
  'no-card': 'No Metis card was found',
  'not-ready': 'A Metis card is here, but not ready',
} as const;

function DeviceRow({ device }: { device: MetisDevice }) {
  const link = device.usb4 ? 'USB4/Thunderbolt' : device.switchSiblings > 0 ? `${device.switchSiblings + 1}-AIPU card` : null;
  return (
    <li className="device-row" data-testid="device-row" data-address={device.pciAddress} data-accessible={device.accessible}>
      <p className="device-name">
        <strong>
          {device.board ? `${device.board.index} · ` : ''}
          {device.model}
        </strong>
        {device.board?.boardType ? ` · ${device.board.boardType}` : ''}
        {link ? ` · ${link}` : ''}
        {device.simulated && <SimulatedBadge />}
      </p>
      <p className="device-meta">
        {device.pciAddress} · driver {device.driver ?? 'none'} · <span title={device.deviceNode ?? undefined}>{device.deviceNode?.split('/').pop() ?? 'no /dev node'}</span> ·{' '}
        <span data-testid="device-firmware">firmware {device.firmware ?? 'unknown'}</span>
        {device.board?.clockMHz ? ` · ${device.board.clockMHz} MHz` : ''}
      </p>
      {!device.accessible && device.accessProblem && <p className="device-meta is-problem">{device.accessProblem}</p>}
    </li>
  );
}

function ProblemItem({ problem }: { problem: MetisProblem }) {
  return (
    <li className={problem.severity === 'blocker' ? 'device-problem is-blocker' : 'device-problem'} data-testid="device-problem" data-code={problem.code}>
      <p>{sentence(problem.message)}</p>
      <p className="device-remedy">
        <strong>What to do:</strong> {problem.remedy}
      </p>
    </li>
  );
}

/** The device card: the card's state at a glance, each device, the SDK, and each problem with what to do. */
export function DeviceCard() {
  const status = useDeploy((s) => s.status);
  const error = useDeploy((s) => s.statusError);
  const checking = useDeploy((s) => s.checking);
  const state = status ? cardState(status) : null;
  const actions = (
    <button type="button" className="link-button" data-testid="device-refresh" disabled={checking} onClick={() => void refreshStatus()}>
      {checking ? 'Looking…' : 'Look again'}
    </button>
  );
  return (
    <Panel title="Metis card" actions={actions} testId="device-card">
      {!status && !error && <p className="hint">Looking for Metis cards…</p>}
      {error && <p className="problem-list">{error}</p>}
      {status && state && (
        <div className="device-card" data-testid="device-card-state" data-state={state} data-simulated={status.simulated}>
          {status.simulated && <SimulatedNote testId="device-simulated">Simulator on (LCZ_METIS_SIMULATOR=1): no Metis card or Voyager SDK is used; everything below is the simulator's.</SimulatedNote>}
          <p className={`device-headline is-${state}`} data-testid="device-headline">
            {HEADLINE[state]}
            {status.simulated ? ' (simulated)' : ''}
          </p>
          {status.devices.length > 0 && (
            <ul className="device-list">
              {status.devices.slice(0, SHOWN).map((d) => (
                <DeviceRow key={d.pciAddress} device={d} />
              ))}
            </ul>
          )}
          {status.devices.length > SHOWN && (
            <details className="device-more">
              <summary>{status.devices.length - SHOWN} more devices</summary>
              <ul className="device-list">
                {status.devices.slice(SHOWN).map((d) => (
                  <DeviceRow key={d.pciAddress} device={d} />
                ))}
              </ul>
            </details>
          )}
          <p className="device-sdk" data-testid="device-sdk">
            {status.sdk.found
              ? `Voyager SDK ${status.sdk.version ?? '(version unknown)'}, driver ${status.sdk.driverVersion ?? 'unknown'} · ${status.sdk.path ?? ''}`
              : 'Voyager SDK: not found'}
            {status.sdk.simulated && ' (simulated)'}
          </p>
          {status.problems.length > 0 && (
            <ul className="device-problems" data-testid="device-problems">
              {status.problems.map((p, i) => (
                <ProblemItem key={`${p.code}-${p.pciAddress ?? ''}-${i}`} problem={p} />
              ))}
            </ul>
          )}
        </div>
      )}
    </Panel>
  );
}
