import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../api';
import { appStore, useApp } from '../../app/app-state';
import { Modal } from '../../ui/Modal';
import { useResults } from '../results/results-store';
import { closeCompareDialog, startComparison } from './compare-actions';
import { useCompare } from './compare-store';
import { choiceName, choicePath, defaultChoices, type MapChoice } from './map-choice';
import { MapChoiceField } from './MapChoiceField';
import '../open/open.css';

/** "Compare two maps": pick A and B (saved results or GeoTIFFs) and, if known, the truth; the comparison runs as a job. */
export function CompareDialog() {
  const open = useCompare((s) => s.dialogOpen);
  return open ? <CompareDialogBody /> : null;
}

function CompareDialogBody() {
  const results = useResults((s) => s.items) ?? [];
  const openDir = useApp((s) => s.result?.dir ?? null);
  const [choices, setChoices] = useState(() => defaultChoices(results, openDir));
  const [truth, setTruth] = useState('');
  const [busy, setBusy] = useState(false);

  // A result mapped with a truth map (the synthetic demo's) offers it as the reference.
  const aDir = choices.a.kind === 'result' ? choices.a.dir : null;
  useEffect(() => {
    if (!aDir) return;
    let live = true;
    api
      .invoke('results/summary', { dir: aDir })
      .then((summary) => live && setTruth(summary.accuracy?.truthPath ?? ''))
      .catch(() => undefined); // a suggestion only: the field stays as it is
    return () => {
      live = false;
    };
  }, [aDir]);

  const a = choicePath(choices.a);
  const b = choicePath(choices.b);
  const set = (side: 'a' | 'b') => (choice: MapChoice) => setChoices((c) => ({ ...c, [side]: choice }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!a || !b) return;
    setBusy(true);
    const name = `${choiceName(choices.a, results)} vs ${choiceName(choices.b, results)}`;
    const jobId = await startComparison({ a, b, truth: truth.trim() || null, name });
    setBusy(false);
    if (jobId) {
      closeCompareDialog();
      appStore.set({ view: 'compare' });
    }
  };

  return (
    <Modal title="Compare two LCZ maps" onClose={closeCompareDialog} testId="compare-dialog">
      <form className="compare-form" onSubmit={(e) => void submit(e)}>
        <MapChoiceField label="Map A (its grid is the one counted on)" choice={choices.a} results={results} onChange={set('a')} testId="compare-a" />
        <MapChoiceField label="Map B (resampled onto A's grid when they differ)" choice={choices.b} results={results} onChange={set('b')} testId="compare-b" />
        <div className="field-group">
          <label htmlFor="compare-truth">Reference map (optional): scores both maps and tests their difference</label>
          <input id="compare-truth" className="text-input" data-testid="compare-truth" spellCheck={false} placeholder="/data/city/truth.tif" value={truth}
            onChange={(e) => setTruth(e.target.value)} />
        </div>
        {a !== null && a === b && <p className="hint">A and B are the same map: they will agree everywhere.</p>}
        <div className="modal-actions">
          <button type="button" className="secondary-button" onClick={closeCompareDialog}>
            Cancel
          </button>
          <button type="submit" className="primary-button" data-testid="compare-submit" disabled={!a || !b || busy}>
            Compare
          </button>
        </div>
      </form>
    </Modal>
  );
}
