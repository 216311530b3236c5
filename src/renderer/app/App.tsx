import { Toolbar } from './Toolbar';
import { ActivityBar } from './ActivityBar';
import { NoticeBar } from './NoticeBar';
import { MapView } from './views/MapView';
import { TrainingView } from './views/TrainingView';
import { DeployView } from './views/DeployView';
import { CompareView } from './views/CompareView';
import { DistillView } from './views/DistillView';
import { ViewFrame } from './views/ViewFrame';
import { JobsDock } from './dock/JobsDock';
import { ErrorBanner } from '../features/open/ErrorBanner';
import { StatusBar } from '../features/status-bar/StatusBar';
import { PathDialog } from '../features/open/PathDialog';
import { ExportDialog } from '../features/export/ExportDialog';
import { DropOverlay } from '../features/open/DropOverlay';
import { DatasetPathDialog } from '../features/training/DatasetPathDialog';
import { CompareDialog } from '../features/compare/CompareDialog';
import './app.css';

/**
 * The window: toolbar and banners; the activity bar beside the views (each owns the main area) and the jobs dock
 * under them; the status bar; dialogs and the drop overlay above.
 */
export function App() {
  return (
    <div className="app">
      <Toolbar />
      <ErrorBanner />
      <NoticeBar />
      <div className="shell">
        <ActivityBar />
        <div className="shell-main">
          <main className="views">
            <ViewFrame view="map" label="Map view">
              <MapView />
            </ViewFrame>
            <ViewFrame view="compare" label="Compare view">
              <CompareView />
            </ViewFrame>
            <ViewFrame view="training" label="Training view">
              <TrainingView />
            </ViewFrame>
            <ViewFrame view="distillation" label="Distillation view">
              <DistillView />
            </ViewFrame>
            <ViewFrame view="deploy" label="Deploy view">
              <DeployView />
            </ViewFrame>
          </main>
          <JobsDock />
        </div>
      </div>
      <StatusBar />
      <PathDialog />
      <ExportDialog />
      <DatasetPathDialog />
      <CompareDialog />
      <DropOverlay />
    </div>
  );
}
