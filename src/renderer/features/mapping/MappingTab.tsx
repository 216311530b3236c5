import { AoiPanel } from '../scene/AoiPanel';
import { BandMappingPanel } from '../scene/BandMappingPanel';
import { DevicePanel } from './DevicePanel';
import { EquivalencePanel } from './EquivalencePanel';
import { ScenePanel } from '../scene/ScenePanel';
import { MappingOptionsPanel } from './MappingOptionsPanel';
import { ModelsPanel } from './ModelsPanel';
import { RunPanel } from './RunPanel';
import { TeacherStudentPanel } from './TeacherStudentPanel';

/** Mapping a scene, in the order a planner goes: the scene, its bands, the models, the settings, Map. */
export function MappingTab() {
  return (
    <>
      <ScenePanel />
      <BandMappingPanel />
      <AoiPanel />
      <ModelsPanel />
      <EquivalencePanel />
      <DevicePanel />
      <MappingOptionsPanel />
      <TeacherStudentPanel />
      <RunPanel />
    </>
  );
}
