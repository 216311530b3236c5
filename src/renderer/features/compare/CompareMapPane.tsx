import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../app/app-state';
import { CompareMapView } from '../../map/compare-map-view';
import { CursorReadout } from './CursorReadout';
import { DifferenceLegend } from './DifferenceLegend';
import { ModeSwitch } from './ModeSwitch';
import { SelectionChip } from './SelectionChip';
import { CompareNotice } from './CompareNotice';
import { probeCursor, setSwipe } from './compare-actions';
import { compareStore, useCompare } from './compare-store';
import '../../app/map-pane.css';
import './compare.css';

/** Hands the Compare view's state to its CompareMapView (which alone touches MapLibre), one effect per concern. */
function useCompareMapSync(view: CompareMapView | null): void {
  const shown = useCompare((s) => s.shown);
  const mode = useCompare((s) => s.mode);
  const swipe = useCompare((s) => s.swipe);
  const selection = useCompare((s) => s.selection);
  useEffect(() => {
    if (!view || !shown) return;
    document.title = `${shown.comparison.inputs.a.name} and ${shown.comparison.inputs.b.name} · LCZ Studio`;
    // The selection of another comparison is cleared by openComparison; this one starts without one.
    void view.show(shown);
  }, [view, shown]);
  useEffect(() => view?.setMode(mode), [view, mode]);
  useEffect(() => view?.setSwipe(swipe), [view, swipe]);
  useEffect(() => {
    if (view && shown) view.setSelection(selection);
  }, [view, shown, selection]);
}

/** The Compare view's map area: the two maps in the chosen mode, and what belongs over them. */
export function CompareMapPane() {
  const container = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<CompareMapView | null>(null);
  const shown = useCompare((s) => s.shown);
  const opening = useCompare((s) => s.opening);
  const mode = useCompare((s) => s.mode);
  // The two maps (two WebGL contexts, their shaders and textures) are made when the view is first shown, then kept:
  // not at every start of the app, where most sessions never compare (and, without a GPU, each costs seconds of CPU).
  const active = useApp((s) => s.view === 'compare');
  const [wanted, setWanted] = useState(active);
  if (active && !wanted) setWanted(true); // state adjusted while rendering: one render, no effect round trip

  useEffect(() => {
    if (!wanted || !container.current) return;
    const created = new CompareMapView(container.current, {
      onCursor: probeCursor,
      onSwipe: setSwipe,
      onRendered: () => {
        if (compareStore.get().shown) document.body.dataset.compareReady = 'true';
      },
      onCameraChange: () => undefined,
    });
    setView(created);
    return () => {
      created.destroy();
      setView(null);
    };
  }, [wanted]);

  useCompareMapSync(view);

  return (
    <section className="compare-pane-area" aria-label="Compared maps" data-testid="compare-maps" data-mode={mode}>
      <div ref={container} className="compare-map-host" />
      {shown && (
        <>
          <div className="compare-side-labels" aria-hidden={mode === 'difference'}>
            {mode !== 'difference' && <span className="side-label side-label-a">A · {shown.comparison.inputs.a.name}</span>}
            {mode !== 'difference' && <span className="side-label side-label-b">B · {shown.comparison.inputs.b.name}</span>}
          </div>
          <ModeSwitch />
          <CompareNotice />
          <SelectionChip />
          {mode === 'difference' && <DifferenceLegend />}
          <CursorReadout />
        </>
      )}
      {!shown && !opening && (
        <div className="compare-empty" data-testid="compare-empty">
          <p>
            <strong>No comparison open.</strong> Open a saved one on the left, press <em>New comparison…</em>, or compare two results from the Results tab of
            the Map view.
          </p>
        </div>
      )}
      {opening && (
        <div className="map-busy" role="status">
          <span className="spinner" aria-hidden="true" />
          Opening the comparison…
        </div>
      )}
    </section>
  );
}
