import { DistillBar } from './DistillBar';
import { DistillDataPanel } from './DistillDataPanel';
import { DistillRunsPanel } from './DistillRunsPanel';
import { DistillSettingsPanel } from './DistillSettingsPanel';
import { StudentPanel } from './StudentPanel';
import { TeacherPanel } from './TeacherPanel';
import '../training/training-view.css';

/** The Distillation view's context column, in the order a user goes: teacher, student, settings, data; Distil at the bottom. */
export function DistillSetup() {
  return (
    <aside className="sidebar training-setup" aria-label="Distillation setup" data-testid="distill-setup">
      <header className="context-header">
        <h2>Distillation</h2>
      </header>
      <div className="context-scroll">
        <TeacherPanel />
        <StudentPanel />
        <DistillSettingsPanel />
        <DistillDataPanel />
        <DistillRunsPanel />
        <DistillBar />
      </div>
    </aside>
  );
}
