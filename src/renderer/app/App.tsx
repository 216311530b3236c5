import { Toolbar } from './Toolbar';
import { Sidebar } from './Sidebar';
import { MapPane } from './MapPane';
import { ErrorBanner } from '../features/open/ErrorBanner';
import { StatusBar } from '../features/status-bar/StatusBar';
import { PathDialog } from '../features/open/PathDialog';
import { ExportDialog } from '../features/export/ExportDialog';
import { DropOverlay } from '../features/open/DropOverlay';
import { DatasetPathDialog } from '../features/training/DatasetPathDialog';
import './app.css';

/** The window: toolbar, error banner, sidebar and map, status bar; dialogs and the drop overlay above. */
export function App() {
  return (
    <div className="app">
      <Toolbar />
      <ErrorBanner />
      <div className="workspace">
        <Sidebar />
        <MapPane />
      </div>
      <StatusBar />
      <PathDialog />
      <ExportDialog />
      <DatasetPathDialog />
      <DropOverlay />
    </div>
  );
}
