import { useApp } from './app-state';
import { OpenButton } from '../features/open/OpenButton';
import { ExportButton } from '../features/export/ExportButton';
import { LayersIcon } from '../ui/icons';

/** Top bar: the app's name and the commands on the open map. */
export function Toolbar() {
  const version = useApp((s) => s.info?.version);
  return (
    <header className="toolbar">
      <div className="brand">
        <LayersIcon className="brand-icon" />
        <span className="brand-name">LCZ Studio</span>
        {version && <span className="brand-version">{version}</span>}
      </div>
      <div className="toolbar-group" role="toolbar" aria-label="Map commands">
        <OpenButton />
        <ExportButton />
      </div>
    </header>
  );
}
