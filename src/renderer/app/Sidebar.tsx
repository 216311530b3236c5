import { MapInfo } from '../features/map-info/MapInfo';
import { OpacitySlider } from '../features/opacity/OpacitySlider';
import { Legend } from '../features/legend/Legend';
import { AreaTable } from '../features/areas/AreaTable';

/** Left column: what the map is, how it is drawn, and what it holds. */
export function Sidebar() {
  return (
    <aside className="sidebar" aria-label="Map panels">
      <MapInfo />
      <OpacitySlider />
      <Legend />
      <AreaTable />
    </aside>
  );
}
