import { useCallback, useState, type FormEvent } from 'react';
import { appStore, useApp } from '../../app/app-state';
import type { MapView } from '../../../shared/contract';
import { Modal } from '../../ui/Modal';
import { dialogDraft, keepDialogDraft } from '../open/dialog-drafts';
import { DialogError } from '../open/DialogError';
import { chooseExportPath, startExport, type OverviewResampling } from './export-map';
import { defaultExportPath } from './export-path';
import './export.css';

/** Where to write the export and how its overviews are resampled; submitting starts an export job. */
export function ExportDialog() {
  const visible = useApp((s) => s.dialog === 'export');
  const map = useApp((s) => s.map);
  const nativeDialogs = useApp((s) => s.info?.nativeDialogs ?? false);
  const workspace = useApp((s) => s.info?.workspace ?? null);
  const close = useCallback(() => appStore.set({ dialog: null }), []);
  if (!visible || !map || workspace === null) return null;
  return <ExportForm key={map.id} map={map} workspace={workspace} nativeDialogs={nativeDialogs} onClose={close} />;
}

interface ExportFormProps {
  map: MapView;
  workspace: string;
  nativeDialogs: boolean;
  onClose: () => void;
}

function ExportForm({ map, workspace, nativeDialogs, onClose }: ExportFormProps) {
  // What was typed for this map before (an export refused, or one whose job failed), else the workspace's exports/.
  const draftKey = `export:${map.path}`;
  const [output, setOutputState] = useState(() => dialogDraft(draftKey) ?? defaultExportPath(map.path, workspace));
  const setOutput = (text: string) => {
    setOutputState(text);
    keepDialogDraft(draftKey, text);
  };
  const [resampling, setResampling] = useState<OverviewResampling>('mode');
  const [busy, setBusy] = useState(false);

  const browse = async () => {
    const chosen = await chooseExportPath(output);
    if (chosen) setOutput(chosen);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const started = await startExport(output.trim(), resampling);
    setBusy(false);
    if (started) onClose();
  };

  return (
    <Modal title={`Export ${map.name}`} onClose={onClose} testId="export-dialog">
      <form className="export-form" onSubmit={(e) => void submit(e)}>
        <div className="field-group">
          <label htmlFor="export-path">{nativeDialogs ? 'Save as' : 'Save as (path on the server machine)'}</label>
          <div className="field-row">
            <input id="export-path" className="text-input" data-testid="export-path-input" autoFocus spellCheck={false}
              value={output} onChange={(e) => setOutput(e.target.value)} />
            {nativeDialogs && (
              <button type="button" className="secondary-button" data-testid="export-browse" onClick={() => void browse()}>
                Browse…
              </button>
            )}
          </div>
        </div>
        <fieldset className="field-group export-resampling" data-testid="export-resampling">
          <legend className="field-label">Overview resampling</legend>
          <label>
            <input type="radio" name="resampling" value="mode" checked={resampling === 'mode'} onChange={() => setResampling('mode')} />
            <span>
              <strong>Mode</strong>, the most frequent class in each block (recommended for class maps)
            </span>
          </label>
          <label>
            <input type="radio" name="resampling" value="nearest" checked={resampling === 'nearest'} onChange={() => setResampling('nearest')} />
            <span>
              <strong>Nearest</strong>, one cell of each block, fastest
            </span>
          </label>
        </fieldset>
        <DialogError testId="export-dialog-error" file={output} />
        <p className="hint">
          Writes a single-band Byte Cloud Optimized GeoTIFF with the LCZ colour table; overviews never average classes.
        </p>
        <div className="modal-actions">
          <button type="button" className="secondary-button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary-button" data-testid="export-submit" disabled={busy || !output.trim()}>
            Export
          </button>
        </div>
      </form>
    </Modal>
  );
}
