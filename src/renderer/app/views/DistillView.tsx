import { useEffect } from 'react';
import { DistillMain } from '../../features/distillation/DistillMain';
import { DistillSetup } from '../../features/distillation/DistillSetup';
import { startDistillSync } from '../../features/distillation/distill-sync';
import { useApp } from '../app-state';

/**
 * The Distillation view: teacher, student and settings in the context column; the student's curves, its
 * compression (int8, pruning) and the comparison report across the rest.
 */
export function DistillView() {
  const shown = useApp((s) => s.view === 'distillation');
  useEffect(() => {
    if (shown) startDistillSync();
  }, [shown]);
  return (
    <div className="view-columns">
      <DistillSetup />
      <DistillMain />
    </div>
  );
}
