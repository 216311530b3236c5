import { useApp } from '../../app/app-state';
import { isJobPending } from '../../../shared/contract';
import { Modal } from '../../ui/Modal';
import { Panel } from '../../ui/Panel';
import { useDeploy } from './deploy-store';
import { abandonFirmwareUpdate, askFirmwareUpdate, confirmRisk, startFirmwareUpdate } from './firmware-actions';
import { useFirmware } from './firmware-store';
import { LogText } from './LogText';
import { SimulatedNote } from './SimulatedNote';

/** The two questions, one after the other; only the second answer starts the update. */
function ConfirmDialog() {
  const confirm = useFirmware((s) => s.confirm);
  const device = useFirmware((s) => s.device);
  if (confirm === 'none') return null;
  return (
    <Modal title={`Update the firmware of device ${device}?`} onClose={abandonFirmwareUpdate} testId="firmware-confirm">
      {confirm === 'risk' ? (
        <>
          <p data-testid="firmware-warning-stage2">
            <strong>Stage 2 of the update (the board controller) cannot be recovered if it is interrupted: the card can be lost.</strong> Stage 1 (the Metis
            firmware) keeps the old firmware if it is interrupted.
          </p>
          <div className="modal-actions">
            <button type="button" className="secondary-button" onClick={abandonFirmwareUpdate}>
              Do not update
            </button>
            <button type="button" className="primary-button" data-testid="firmware-confirm-1" onClick={confirmRisk}>
              I understand, go on
            </button>
          </div>
        </>
      ) : (
        <>
          <p data-testid="firmware-warning-power">
            <strong>The machine must not lose power or be switched off until the update has finished</strong> (about two minutes). Close other programs using
            the card. Power-cycle the machine afterwards.
          </p>
          <div className="modal-actions">
            <button type="button" className="secondary-button" onClick={abandonFirmwareUpdate}>
              Do not update
            </button>
            <button type="button" className="primary-button" data-testid="firmware-confirm-2" onClick={() => void startFirmwareUpdate()}>
              Update the firmware now
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}

/** The firmware of each card and the SDK's version; an update only from here, after two confirmations, its output streamed. */
export function FirmwarePanel() {
  const status = useDeploy((s) => s.status);
  const jobId = useFirmware((s) => s.jobId);
  const log = useFirmware((s) => s.log);
  const job = useApp((s) => s.jobs.find((j) => j.id === jobId) ?? null);
  const running = job !== null && isJobPending(job);
  if (!status || status.devices.length === 0) return null;
  const advice = status.problems.filter((p) => p.code === 'firmware-update' || p.code === 'broken-flash');
  return (
    <Panel title="Firmware" testId="firmware-panel" defaultOpen={advice.length > 0}>
      {status.simulated && <SimulatedNote testId="firmware-simulated">Simulated cards: an update flashes nothing.</SimulatedNote>}
      <ul className="firmware-list" data-testid="firmware-versions">
        {status.devices.map((d) => (
          <li key={d.pciAddress}>
            <span>
              {d.board ? `${d.board.index} · ` : ''}
              {d.pciAddress}: firmware {d.firmware ?? 'unknown'}
              {d.board?.boardController ? `, board controller ${d.board.boardController}` : ''}
              {status.simulated ? ' (simulated)' : ''}
            </span>
            {d.board && (
              <button type="button" className="small-button" data-testid="firmware-update" disabled={running} onClick={() => askFirmwareUpdate(d.board!.index)}>
                Update…
              </button>
            )}
          </li>
        ))}
      </ul>
      <p className="hint">
        The SDK is {status.sdk.version ?? 'not found'}. {advice.length ? advice[0]!.message : 'No update is needed.'} LCZ Studio never updates the firmware by itself.
      </p>
      {log && <LogText text={log.log} testId="firmware-log" />}
      {job?.state === 'failed' && <p className="run-outcome is-failed">{job.reason}</p>}
      <ConfirmDialog />
    </Panel>
  );
}
