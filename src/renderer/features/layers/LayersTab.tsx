import { useApp } from '../../app/app-state';
import { MapInfo } from '../map-info/MapInfo';
import { Legend } from '../legend/Legend';
import { AreaTable } from '../areas/AreaTable';
import { ConfidencePanel } from '../confidence/ConfidencePanel';
import { LayersPanel } from './LayersPanel';
import { BasemapPanel } from '../basemap/BasemapPanel';

/** Reading the map: what is on it, how it is drawn, the legend and the class areas. */
export function LayersTab() {
  const hasResult = useApp((s) => s.result !== null);
  return (
    <>
      <MapInfo />
      <LayersPanel />
      <BasemapPanel />
      {hasResult && <ConfidencePanel />}
      <Legend />
      <AreaTable />
    </>
  );
}
