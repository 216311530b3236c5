import { isJobPending, type SidebarTab } from '../../shared/contract';
import { appStore, useApp } from './app-state';
import { Tabs, type TabSpec } from '../ui/Tabs';
import { LayersTab } from '../features/layers/LayersTab';
import { MappingTab } from '../features/mapping/MappingTab';
import { ResultsTab } from '../features/results/ResultsTab';
import { TrainingAreasTab } from '../features/training-areas/TrainingAreasTab';
import { useResults } from '../features/results/results-store';

/** The Map view's context column: the layers on the map, mapping a scene, the saved results, one tab each. */
export function Sidebar() {
  const tab = useApp((s) => s.tab);
  const mapping = useApp((s) => s.jobs.some((j) => j.target.type === 'result' && isJobPending(j)));
  const resultCount = useResults((s) => s.items?.length ?? 0);
  const tabs: TabSpec<SidebarTab>[] = [
    { key: 'layers', label: 'Layers' },
    { key: 'mapping', label: 'Mapping', badge: mapping ? <span className="tab-running" title="A mapping is running or queued" /> : undefined },
    { key: 'results', label: 'Results', badge: resultCount > 0 ? <span className="tab-count">{resultCount}</span> : undefined },
    { key: 'areas', label: 'Areas' },
  ];
  return (
    <aside className="sidebar" aria-label="Map panels">
      <Tabs tabs={tabs} active={tab} onChange={(key) => appStore.set({ tab: key })} label="Sidebar">
        {tab === 'layers' && <LayersTab />}
        {tab === 'mapping' && <MappingTab />}
        {tab === 'results' && <ResultsTab />}
        {tab === 'areas' && <TrainingAreasTab />}
      </Tabs>
    </aside>
  );
}
