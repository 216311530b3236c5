import type { KeyboardEvent, ReactNode } from 'react';
import { isJobPending, type ShellView } from '../../shared/contract';
import { CompareIcon, DeployIcon, DistilIcon, GuideIcon, MapIcon, TrainingIcon } from '../ui/icons';
import { appStore, useApp } from './app-state';
import { VIEWS, type ViewSpec } from './views/views';
import { toggleGuide } from './views/view-actions';
import './activity-bar.css';

const ICONS: Record<ShellView, ReactNode> = {
  map: <MapIcon className="activity-icon" />,
  compare: <CompareIcon className="activity-icon" />,
  training: <TrainingIcon className="activity-icon" />,
  distillation: <DistilIcon className="activity-icon" />,
  deploy: <DeployIcon className="activity-icon" />,
};

function ViewButton({ spec, active, running }: { spec: ViewSpec; active: boolean; running: boolean }) {
  // A view not built yet stays in the bar, so the app's scope is visible, but does nothing: aria-disabled (not
  // disabled) keeps its tooltip and lets keyboard users reach it and hear why.
  const title = spec.built ? spec.description : `${spec.label}: ${spec.description}. Coming: not built yet.`;
  return (
    <button type="button" role="tab" className={active ? 'activity-item is-active' : 'activity-item'} data-testid={`view-${spec.key}`}
      aria-selected={active} aria-disabled={!spec.built || undefined} tabIndex={active ? 0 : -1} title={title}
      onClick={() => spec.built && appStore.set({ view: spec.key })}>
      {ICONS[spec.key]}
      <span className="activity-label">{spec.label}</span>
      {!spec.built && <span className="activity-coming">coming</span>}
      {running && <span className="activity-running" aria-label="running" />}
    </button>
  );
}

/** The left edge: one button per view (the views own the main area), and the guide at the bottom. */
export function ActivityBar() {
  const view = useApp((s) => s.view);
  const guideOpen = useApp((s) => s.guideOpen);
  // Pending (queued or running): a view with work waiting for it says so as much as one with work under way.
  const mapping = useApp((s) => s.jobs.some((j) => j.target.type === 'result' && isJobPending(j)));
  const training = useApp((s) => s.jobs.some((j) => (j.target.type === 'run' || j.kind === 'so2sat-synth') && isJobPending(j)));
  const deploying = useApp((s) => s.jobs.some((j) => j.kind.startsWith('metis-') && isJobPending(j)));
  const comparing = useApp((s) => s.jobs.some((j) => j.kind === 'compare' && isJobPending(j)));
  const distilling = useApp((s) => s.jobs.some((j) => (j.kind === 'distill' || j.kind === 'quantize' || j.kind === 'prune' || j.kind === 'compare-models') && isJobPending(j)));
  const built = VIEWS.filter((v) => v.built);
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const i = built.findIndex((v) => v.key === view);
    const next = built[(i + (event.key === 'ArrowDown' ? 1 : built.length - 1)) % built.length];
    if (next) appStore.set({ view: next.key });
  };
  return (
    <nav className="activity-bar" aria-label="Views">
      <div className="activity-views" role="tablist" aria-orientation="vertical" aria-label="Views" onKeyDown={onKey}>
        {VIEWS.map((spec) => (
          <ViewButton key={spec.key} spec={spec} active={spec.key === view}
            running={(spec.key === 'map' && mapping) || (spec.key === 'training' && training) || (spec.key === 'compare' && comparing) || (spec.key === 'deploy' && deploying) || (spec.key === 'distillation' && distilling)} />
        ))}
      </div>
      <button type="button" className={guideOpen && view === 'map' ? 'activity-item is-on' : 'activity-item'} data-testid="guide-open"
        aria-pressed={guideOpen && view === 'map'} title="Get started: map your city step by step" onClick={toggleGuide}>
        <GuideIcon className="activity-icon" />
        <span className="activity-label">Start</span>
      </button>
    </nav>
  );
}
