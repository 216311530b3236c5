import { closeGuide } from '../../app/views/view-actions';
import { CloseIcon } from '../../ui/icons';
import { DemoCard } from './DemoCard';
import { ExportStep } from './ExportStep';
import { MapStep } from './MapStep';
import { ModelStep } from './ModelStep';
import { SceneStep } from './SceneStep';
import { guideStepStates } from './guide-steps';
import { useGuideFacts } from './use-guide-facts';
import './guide.css';

/**
 * "Map my city": the first screen of a newcomer, beside the map (it never covers it) so each step's result is seen
 * as it is done. Each step is a button that does it; the demo is one click away. Start (activity bar) reopens it.
 */
export function GuidePanel() {
  const states = guideStepStates(useGuideFacts());
  const allDone = Object.values(states).every((s) => s === 'done');
  return (
    <aside className="guide" aria-label="Get started" data-testid="guide">
      <header className="guide-header">
        <div>
          <h2>Map my city</h2>
          <p>From a satellite scene to a Local Climate Zone map you can open in QGIS, in four steps.</p>
        </div>
        <button type="button" className="icon-button" aria-label="Close the guide" title="Close (Start in the left bar reopens it)" data-testid="guide-close"
          onClick={closeGuide}>
          <CloseIcon />
        </button>
      </header>
      <div className="guide-body">
        <DemoCard />
        <ol className="guide-steps">
          <SceneStep state={states.scene} />
          <ModelStep state={states.model} />
          <MapStep state={states.map} />
          <ExportStep state={states.export} />
        </ol>
        {allDone && (
          <p className="guide-done" data-testid="guide-done">
            Your city is mapped and exported. The Results tab keeps each map with its accuracy and confidence.
          </p>
        )}
      </div>
    </aside>
  );
}
