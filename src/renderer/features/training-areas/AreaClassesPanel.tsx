import { useMemo } from 'react';
import { Panel } from '../../ui/Panel';
import { pickClass, setTool } from './areas-actions';
import { classCounts } from './areas-data';
import { useAreas, type AreasTool } from './areas-store';

const TOOLS: [AreasTool, string, string][] = [
  ['view', 'View', 'Move the map; click a cell to read it'],
  ['draw', 'Draw', 'Click the corners of a polygon; click the first corner again (or press Enter) to close it'],
  ['edit', 'Edit', 'Click an area to select it: drag it or its corners, drag a midpoint to add a corner, Delete removes it'],
];

/**
 * The legend to draw with: the 17 classes in their colours, each with its polygons and training cells; the class
 * picked is the one a new polygon gets (and a selected area is given). The tools: view, draw, edit.
 */
export function AreaClassesPanel() {
  const areas = useAreas((s) => s.areas);
  const check = useAreas((s) => s.check);
  const lcz = useAreas((s) => s.lcz);
  const tool = useAreas((s) => s.tool);
  const rows = useMemo(() => classCounts(areas, check), [areas, check]);
  const classes = rows.filter((r) => r.areas > 0).length;
  return (
    <Panel title="Classes" testId="area-classes" summary={`${areas.length} areas, ${classes} classes`}>
      <div className="area-tools" role="radiogroup" aria-label="Tool on the map">
        {TOOLS.map(([key, label, hint]) => (
          <button key={key} type="button" role="radio" aria-checked={tool === key} title={hint} data-testid={`areas-tool-${key}`}
            className={tool === key ? 'tool-button is-active' : 'tool-button'} onClick={() => setTool(key)}>
            {label}
          </button>
        ))}
      </div>
      <p className="hint" data-testid="areas-tool-hint">{TOOLS.find(([key]) => key === tool)![2]}.</p>
      <table className="area-class-table" data-testid="area-class-table" data-total={areas.length}>
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col" className="num">Areas</th>
            <th scope="col" className="num" title="100 m cells the areas give for training (from the last check)">Cells</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.lcz} className={row.lcz === lcz ? 'is-picked' : undefined} data-testid={`area-class-${row.lcz}`} data-areas={row.areas}
              data-cells={row.cells ?? ''}>
              <th scope="row">
                <label className="area-class-pick">
                  <input type="radio" name="area-class" checked={row.lcz === lcz} onChange={() => pickClass(row.lcz)} data-testid={`area-pick-${row.lcz}`} />
                  <span className="swatch" style={{ background: row.color }} aria-hidden="true" />
                  <span className="area-code">{row.code}</span>
                  <span className="area-name">{row.name}</span>
                </label>
              </th>
              <td className="num">{row.areas || ''}</td>
              <td className="num">{row.areas ? (row.cells ?? '…') : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
