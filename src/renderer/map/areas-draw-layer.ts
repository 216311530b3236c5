import type { Map as MapLibreMap } from 'maplibre-gl';
import {
  TerraDraw,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  ValidateNotSelfIntersecting,
  type GeoJSONStoreFeatures,
  type HexColor,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { AreaPolygon, TrainingArea } from '../../shared/contract';
import { lczClass } from '../../shared/lcz-classes';

/** What the pointer does over the map: nothing (areas shown), draw a new polygon, or select one to edit it. */
export type AreasTool = 'view' | 'draw' | 'edit';

export interface AreasDrawEvents {
  /** A polygon was drawn (its id is new); the class is the caller's to give. */
  onDrawn(id: string, geometry: AreaPolygon): void;
  /** An area's outline was edited (vertex dragged, inserted, deleted, or the whole polygon moved). */
  onEdited(id: string, geometry: AreaPolygon): void;
  /** An area was deleted on the map (the Delete key in edit mode). */
  onDeleted(id: string): void;
  /** An area was selected on the map in edit mode (null: none). */
  onSelected(id: string | null): void;
}

const colourOf = (feature: GeoJSONStoreFeatures): HexColor => (lczClass(Number(feature.properties['lcz']))?.color ?? '#888888') as HexColor;

/** Terra Draw keeps only Polygons here; it closes rings as GeoJSON says, so they pass as they are. */
function polygonOf(feature: GeoJSONStoreFeatures | undefined): AreaPolygon | null {
  if (feature?.geometry.type !== 'Polygon') return null;
  return { type: 'Polygon', coordinates: feature.geometry.coordinates.map((ring) => ring.map(([x, y]) => [x!, y!] as [number, number])) };
}

/**
 * The training areas on the map, drawn and edited with Terra Draw over its MapLibre adapter: each polygon filled in
 * its class's colour. The areas list (the panel's store) is the truth; `setAreas` brings the drawing in line with it
 * by id, and the user's edits come back through the events, so nothing is changed twice.
 */
export class AreasDrawLayer {
  private readonly draw: TerraDraw;
  /** The areas as last handed over, by id: what the drawing holds. */
  private shown = new Map<string, TrainingArea>();
  private next = 1;

  constructor(map: MapLibreMap, private readonly events: AreasDrawEvents) {
    const outline = { fillColor: colourOf, outlineColor: colourOf, fillOpacity: 0.45, outlineWidth: 2, outlineOpacity: 1 };
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'training-areas' }),
      // Ids the panel can show and the core can keep ("drawn-3"); imported areas bring their own.
      idStrategy: { isValidId: (id) => typeof id === 'string' && id.length > 0, getId: () => `drawn-${Date.now().toString(36)}-${this.next++}` },
      modes: [
        new TerraDrawPolygonMode({
          styles: { ...outline, closingPointColor: '#ffffff', closingPointOutlineColor: '#1f2937', closingPointWidth: 5, closingPointOutlineWidth: 2 },
          // The core refuses self-intersecting polygons (a ring that crosses itself has no inside), so closing one is
          // refused too; only on closing, as a polygon being drawn is degenerate until its third corner.
          validation: (feature, { updateType }) => (updateType === 'finish' ? ValidateNotSelfIntersecting(feature) : { valid: true }),
        }),
        new TerraDrawSelectMode({
          flags: { polygon: { feature: { draggable: true, coordinates: { midpoints: true, draggable: true, deletable: true } } } },
          styles: { selectedPolygonColor: colourOf, selectedPolygonOutlineColor: '#111827', selectedPolygonFillOpacity: 0.6, selectedPolygonOutlineWidth: 3 },
        }),
      ],
    });
    this.draw.start();
    this.draw.on('finish', (id, context) => {
      const geometry = polygonOf(this.draw.getSnapshotFeature(id));
      if (!geometry) return;
      if (context.action === 'draw') this.events.onDrawn(String(id), geometry);
      else if (this.shown.has(String(id))) this.events.onEdited(String(id), geometry);
    });
    this.draw.on('change', (ids, type) => {
      if (type !== 'delete') return;
      for (const id of ids) if (this.shown.delete(String(id))) this.events.onDeleted(String(id));
    });
    this.draw.on('select', (id) => this.events.onSelected(String(id)));
    this.draw.on('deselect', () => this.events.onSelected(null));
  }

  /** Whether map clicks are the drawing's (drawing or editing), so the map does not also inspect the cell. */
  get capturesClicks(): boolean {
    return this.draw.getMode() !== 'static';
  }

  setTool(tool: AreasTool): void {
    const mode = tool === 'draw' ? 'polygon' : tool === 'edit' ? 'select' : 'static';
    if (this.draw.getMode() !== mode) this.draw.setMode(mode);
  }

  /** Brings the drawing in line with the list: adds the new areas, removes the gone ones, updates the changed ones. */
  setAreas(areas: readonly TrainingArea[]): void {
    const wanted = new Map(areas.map((a) => [a.id, a]));
    const gone = [...this.shown.keys()].filter((id) => !wanted.has(id));
    for (const id of gone) this.shown.delete(id);
    if (gone.length > 0) this.draw.removeFeatures(gone.filter((id) => this.draw.hasFeature(id)));
    const added: GeoJSONStoreFeatures[] = [];
    for (const area of areas) {
      const before = this.shown.get(area.id);
      if (before === area) continue;
      this.shown.set(area.id, area);
      if (!this.draw.hasFeature(area.id)) {
        added.push({ id: area.id, type: 'Feature', properties: { mode: 'polygon', lcz: area.lcz }, geometry: area.geometry });
        continue;
      }
      if (before?.lcz !== area.lcz) this.draw.updateFeatureProperties(area.id, { lcz: area.lcz });
      const drawn = polygonOf(this.draw.getSnapshotFeature(area.id));
      if (JSON.stringify(drawn?.coordinates) !== JSON.stringify(area.geometry.coordinates)) this.draw.updateFeatureGeometry(area.id, area.geometry);
    }
    if (added.length === 0) return;
    const refused = this.draw.addFeatures(added).filter((v) => !v.valid);
    // An area the list holds but Terra Draw refuses (it should not happen: the core checked it) is said, not hidden.
    if (refused.length > 0) console.warn(`Training areas not drawn: ${refused.map((v) => `${String(v.id)} (${v.reason ?? 'invalid'})`).join(', ')}`);
  }

  select(id: string | null): void {
    if (id === null || !this.draw.hasFeature(id)) return;
    this.draw.selectFeature(id);
  }

  remove(): void {
    this.draw.stop();
  }
}
