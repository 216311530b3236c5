import { useId } from 'react';
import type { Fusion } from '../../../shared/contract';
import { Panel } from '../../ui/Panel';
import { setMappingOptions } from './mapping-actions';
import { parseResolution, useMapping } from './mapping-store';
import './mapping.css';

const FUSION_CHOICES: [Fusion | 'recorded', string][] = [
  ['recorded', 'As the models were trained together (else sum rule)'],
  ['sum-rule', 'Sum rule: mean of probabilities'],
  ['logit-average', 'Logit average: mean of log-probabilities'],
];

/** Output resolution, test-time augmentation, the majority filter and, for an ensemble, how it is fused. */
export function MappingOptionsPanel() {
  const resolution = useMapping((s) => s.resolution);
  const tta = useMapping((s) => s.tta);
  const filter = useMapping((s) => s.filter);
  const fusion = useMapping((s) => s.fusion);
  const ensemble = useMapping((s) => s.selected.length > 1);
  const resolutionId = useId();
  const fusionId = useId();
  const valid = parseResolution(resolution) !== null;
  return (
    <Panel title="Settings" testId="mapping-options" summary={`${resolution} m${tta ? ', flips' : ''}${filter ? ', filter' : ''}${ensemble && fusion !== 'recorded' ? `, ${fusion}` : ''}`}>
      <div className="mapping-options">
        <div className="option-resolution">
          <label htmlFor={resolutionId}>Output resolution</label>
          <input id={resolutionId} className="text-input" inputMode="decimal" value={resolution} aria-invalid={!valid} data-testid="resolution-input"
            onChange={(e) => setMappingOptions({ resolution: e.target.value })} />
          <span>m</span>
        </div>
        <p className="hint">{valid ? 'LCZ maps are usually made at 100 m (100-150 m).' : 'Give a cell size from 1 m to 10,000 m.'}</p>
        <label className="option-check">
          <input type="checkbox" checked={tta} data-testid="tta-toggle" onChange={(e) => setMappingOptions({ tta: e.target.checked })} />
          <span>
            <strong>Test-time augmentation</strong>: also classify each patch flipped (4 views averaged); steadier, 4 × slower
          </span>
        </label>
        <label className="option-check">
          <input type="checkbox" checked={filter} data-testid="filter-toggle" onChange={(e) => setMappingOptions({ filter: e.target.checked })} />
          <span>
            <strong>Majority filter</strong> (3 × 3): removes isolated cells from the class map; where it changes a cell, the confidence shown is
            that of the class drawn
          </span>
        </label>
        {ensemble && (
          <div className="option-fusion">
            <label htmlFor={fusionId}>Fusion of the ensemble</label>
            <select id={fusionId} className="select-input" value={fusion} data-testid="fusion-select"
              onChange={(e) => setMappingOptions({ fusion: e.target.value as Fusion | 'recorded' })}>
              {FUSION_CHOICES.map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
    </Panel>
  );
}
