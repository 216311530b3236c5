import type { Map as MapLibreMap } from 'maplibre-gl';
import { TerraDraw, TerraDrawRectangleMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { LonLatBox } from '../../shared/contract';
import { boxOfRing, ringOfBox } from './aoi-box';
import { OutlineLayer } from './outline-layer';

export interface AoiDrawEvents {
  /** A rectangle was drawn on the map: its box, for the area-of-interest fields (not saved yet). */
  onDrawn(box: LonLatBox): void;
}

const SAVED = '#f59e0b';
const PENDING = '#2563eb';

/**
 * The area of interest on the map: the saved one outlined (solid amber: what is mapped), the one in the fields but
 * not saved yet outlined dashed blue, and, while drawing, a rectangle the pointer drags out (Terra Draw's rectangle
 * mode over its MapLibre adapter). A drawn rectangle is handed over and wiped: the fields are the truth, and the
 * pending outline shows them from then on, as typed or as drawn.
 */
export class AoiDrawLayer {
  private readonly draw: TerraDraw;
  private readonly saved: OutlineLayer;
  private readonly pending: OutlineLayer;
  /** Where the pointer last went down over the map while drawing (lon/lat): the corner a drag starts from. */
  private pressed: [number, number] | null = null;

  constructor(map: MapLibreMap, private readonly events: AoiDrawEvents) {
    // Terra Draw starts a dragged rectangle where it recognises the drag, a few pixels after the press; the user
    // meant the corner where they pressed, so the box takes that point in too. (A click, a move and a click: the
    // last press is the far corner, already in the rectangle.) Captured before Terra Draw hears the press.
    const container = map.getCanvasContainer();
    container.addEventListener(
      'pointerdown',
      (event) => {
        if (!this.drawing || !event.isPrimary) return;
        const rect = container.getBoundingClientRect();
        const { lng, lat } = map.unproject([event.clientX - rect.left, event.clientY - rect.top]);
        this.pressed = [lng, lat];
      },
      { capture: true },
    );
    this.saved = new OutlineLayer(map, 'aoi-saved', SAVED, false);
    this.pending = new OutlineLayer(map, 'aoi-pending', PENDING);
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'aoi-draw' }),
      modes: [
        new TerraDrawRectangleMode({
          // A press, a drag, a release, as a zoom box is drawn in most GIS; a click, a move and a click also works.
          drawInteraction: 'click-move-or-drag',
          styles: { fillColor: PENDING, fillOpacity: 0.12, outlineColor: PENDING, outlineWidth: 2, outlineOpacity: 1 },
        }),
      ],
    });
    this.draw.start();
    this.draw.on('finish', (id, context) => {
      if (context.mode !== 'rectangle') return;
      const feature = this.draw.getSnapshotFeature(id);
      this.draw.removeFeatures([id]);
      const ring = feature?.geometry.type === 'Polygon' ? (feature.geometry.coordinates[0] ?? []) : [];
      const box = ring.length > 0 ? boxOfRing(this.pressed ? [...ring, this.pressed] : ring) : null;
      this.pressed = null;
      if (box) this.events.onDrawn(box);
    });
  }

  get drawing(): boolean {
    return this.draw.getMode() === 'rectangle';
  }

  /** Drawing or not; stopping drops a rectangle half drawn. */
  setDrawing(on: boolean): void {
    const mode = on ? 'rectangle' : 'static';
    if (this.draw.getMode() === mode) return;
    this.draw.setMode(mode);
    if (!on) this.draw.clear();
    this.pressed = null;
  }

  /** The saved area (null: the whole scene is mapped) and the one in the fields when it differs (null: none). */
  setBoxes(saved: LonLatBox | null, pending: LonLatBox | null): void {
    this.saved.set(saved ? [ringOfBox(saved)] : []);
    this.pending.set(pending ? [ringOfBox(pending)] : []);
  }

  remove(): void {
    this.draw.stop();
  }
}
