import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api';
import { appStore, useApp } from '../../app/app-state';
import type { RecentMap } from '../../../shared/contract';
import { Modal } from '../../ui/Modal';
import { dialogDraft, keepDialogDraft } from './dialog-drafts';
import { DialogError } from './DialogError';
import { openFile, openPath } from './open-map';
import './open.css';

/**
 * Browser mode's "Open…": the core runs on the server, so the user types a path there,
 * picks a recent map, or uploads a file from this computer. LCZ maps and scenes alike.
 */
export function PathDialog() {
  const visible = useApp((s) => s.dialog === 'open');
  const close = useCallback(() => appStore.set({ dialog: null }), []);
  return visible ? <PathDialogBody onClose={close} /> : null;
}

function PathDialogBody({ onClose }: { onClose: () => void }) {
  const [path, setPath] = useState(() => dialogDraft('open') ?? '');
  const [recent, setRecent] = useState<readonly RecentMap[]>([]);

  useEffect(() => {
    let live = true;
    api
      .invoke('maps/recent', {})
      .then((maps) => live && setRecent(maps))
      .catch(() => undefined); // The list is a convenience: the dialog works without it.
    return () => {
      live = false;
    };
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = path.trim();
    if (!trimmed) return;
    // The dialog closes while the file opens; when it cannot be opened, it comes back with the path as typed.
    void openPath(trimmed).then((opened) => {
      if (!opened) appStore.set({ dialog: 'open' });
    });
  };

  return (
    <Modal title="Open a GeoTIFF" onClose={onClose} testId="open-dialog">
      <form className="field-group" onSubmit={submit}>
        <label htmlFor="open-path">Path on the server machine</label>
        <div className="field-row">
          <input id="open-path" className="text-input" data-testid="path-input" autoFocus spellCheck={false}
            placeholder="/data/city/lcz.tif, a scene .tif, a Sentinel-2 .zip or .SAFE folder, a Landsat .tar or folder" value={path}
            onChange={(e) => {
              setPath(e.target.value);
              keepDialogDraft('open', e.target.value);
            }} />
          <button type="submit" className="primary-button" data-testid="path-submit" disabled={!path.trim()}>
            Open
          </button>
        </div>
        <DialogError testId="open-dialog-error" file={path} />
      </form>
      <div className="field-group">
        <label htmlFor="open-upload">Or upload a file from this computer</label>
        <input id="open-upload" type="file" data-testid="file-input" accept=".tif,.tiff,image/tiff,.zip,.tar"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void openFile(file);
          }} />
      </div>
      {recent.length > 0 && (
        <div className="field-group">
          <span className="field-label">Recent maps</span>
          <ul className="recent-list" data-testid="recent-list">
            {recent.map((map) => (
              <li key={map.path}>
                <button type="button" className="recent-item" title={map.path} onClick={() => void openPath(map.path)}>
                  <span className="recent-name">{map.name}</span>
                  <span className="recent-path">{map.path}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className="hint">
        A one-band file opens as an LCZ map; a multi-band file, a Sentinel-2 product (.zip or .SAFE folder) or a Landsat Collection 2 product (.tar
        or folder) opens as a scene to map. You can also drop a file anywhere on the window (a folder by its path here).
      </p>
    </Modal>
  );
}
