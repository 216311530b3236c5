import { useCallback, useState, type FormEvent } from 'react';
import { Modal } from '../../ui/Modal';
import { setDatasetPath } from './dataset-actions';
import { trainingStore, useTraining } from './training-store';
import '../open/open.css';

/** Browser mode's file choice for training data: the core runs on the server, so the user types a path there. */
export function DatasetPathDialog() {
  const role = useTraining((s) => s.pathDialog);
  const close = useCallback(() => trainingStore.set({ pathDialog: null }), []);
  if (!role) return null;
  return <DatasetPathBody role={role} onClose={close} />;
}

function DatasetPathBody({ role, onClose }: { role: 'train' | 'test'; onClose: () => void }) {
  const current = useTraining((s) => s[role]?.path ?? '');
  const [path, setPath] = useState(current);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = path.trim();
    if (trimmed) void setDatasetPath(role, trimmed);
  };
  const example = role === 'train' ? '/data/so2sat/training.h5' : '/data/so2sat/testing.h5';
  return (
    <Modal title={role === 'train' ? 'Choose the training data' : 'Choose the test data'} onClose={onClose} testId="dataset-path-dialog">
      <form className="field-group" onSubmit={submit}>
        <label htmlFor="dataset-path">Path of a So2Sat LCZ42 HDF5 file on the server machine</label>
        <div className="field-row">
          <input id="dataset-path" className="text-input" data-testid="dataset-path-input" autoFocus spellCheck={false} placeholder={example} value={path}
            onChange={(e) => setPath(e.target.value)} />
          <button type="submit" className="primary-button" data-testid="dataset-path-submit" disabled={!path.trim()}>
            Choose
          </button>
        </div>
      </form>
      <p className="hint">
        The files stay where they are: training reads them in place (the real <code>training.h5</code> is about 52 GB), so they are not uploaded.
      </p>
    </Modal>
  );
}
