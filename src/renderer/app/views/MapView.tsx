import { GuidePanel } from '../../features/guide/GuidePanel';
import { useApp } from '../app-state';
import { MapPane } from '../MapPane';
import { Sidebar } from '../Sidebar';

/** The Map view: the sidebar (layers, mapping, results) beside the map, and the guide between them while it is open. */
export function MapView() {
  const guideOpen = useApp((s) => s.guideOpen);
  return (
    <div className="view-columns">
      <Sidebar />
      {guideOpen && <GuidePanel />}
      <MapPane />
    </div>
  );
}
