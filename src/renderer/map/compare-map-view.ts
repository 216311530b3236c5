import type { Camera, ComparisonView } from '../../shared/contract';
import { decodeBytes } from './bytes';
import { syncCameras } from './camera-sync';
import { ComparePane, type GridPicture } from './compare-pane';
import { paintDifference, paintHighlight, type ClassPair } from './difference-image';
import { differencePalette } from './difference-palette';
import { SwipeDivider } from './swipe-divider';
import './compare-map.css';

/**
 * How the two maps are shown:
 * - swipe: both maps full size, one over the other; B is clipped to the right of a divider the user drags;
 * - side by side: each map in half the width;
 * - difference: A alone, with the difference overlay.
 */
export type CompareMode = 'swipe' | 'side-by-side' | 'difference';

export interface CompareMapEvents {
  /** The pointer over either map [lon, lat], null when it leaves both. */
  onCursor(position: readonly [number, number] | null): void;
  /** The swipe divider moved (0-1 across the view). */
  onSwipe(position: number): void;
  /** Everything asked of the maps has been drawn (after show, a mode, a selection). */
  onRendered(): void;
  /** The cameras came to rest somewhere new. */
  onCameraChange(camera: Camera): void;
}

/**
 * The Compare view's maps, the one owner of their MapLibre maps. Swipe is two stacked maps with the top one clipped
 * by CSS (clip-path also clips its pointer events, so each side of the divider is handled by its own map), and
 * side by side is the same two maps laid out in halves; in both, the cameras are synchronised (camera-sync.ts), so
 * a pan or zoom on either moves both. MapLibre cannot clip a layer to part of the screen, and a plugin for this
 * (@maplibre/maplibre-gl-compare) has had one release, for older MapLibre; this is its approach in our own classes.
 */
export class CompareMapView {
  private readonly root: HTMLDivElement;
  private readonly a: ComparePane;
  private readonly b: ComparePane;
  private readonly divider: SwipeDivider;
  private readonly unsync: () => void;
  private shown: { view: ComparisonView; codes: Uint8Array; classes: Uint8Array } | null = null;
  private mode: CompareMode = 'swipe';
  private over: 'a' | 'b' | null = null;

  constructor(container: HTMLElement, private readonly events: CompareMapEvents) {
    this.root = document.createElement('div');
    this.root.className = 'compare-maps';
    container.appendChild(this.root);
    const pane = (side: 'a' | 'b') => {
      const element = document.createElement('div');
      element.className = `compare-pane compare-pane-${side}`;
      element.dataset.testid = `compare-map-${side}`;
      this.root.appendChild(element);
      return new ComparePane(element, { onPointer: (position) => this.pointer(side, position) });
    };
    this.a = pane('a');
    this.b = pane('b');
    this.divider = new SwipeDivider(this.root, (position) => {
      this.clip();
      this.events.onSwipe(position);
    });
    this.divider.set(0.5);
    this.unsync = syncCameras([this.a.map, this.b.map]);
    this.a.map.on('moveend', () => this.events.onCameraChange(this.a.camera()));
    this.setMode('swipe');
  }

  /** Shows a comparison: each map on its pane, the difference overlay built, both framed on A. */
  async show(view: ComparisonView): Promise<void> {
    const { width, height } = view.a.display;
    const cells = width * height;
    this.shown = {
      view,
      codes: decodeBytes(view.differenceBase64, cells, 'difference grid'),
      classes: decodeBytes(view.a.display.classesBase64, cells, 'class grid of A'),
    };
    await Promise.all([this.a.showMap(view.a), this.b.showMap(view.b)]);
    this.setSelection(null);
    const [west, south, east, north] = view.a.bounds;
    this.a.map.fitBounds([[west, south], [east, north]], { padding: 48, animate: false, maxZoom: 18 });
    this.applyMode();
  }

  setMode(mode: CompareMode): void {
    this.mode = mode;
    this.root.dataset.mode = mode;
    this.applyMode();
  }

  /** The swipe divider's place, 0-1 across the view (kept while in other modes). */
  setSwipe(position: number): void {
    this.divider.set(position);
    this.clip();
  }

  /** Highlights the cells of one class pair on both maps (a cross-tab cell), or none; returns how many display cells. */
  setSelection(pair: ClassPair | null): number {
    if (!this.shown || !pair) {
      this.a.showHighlight(null);
      this.b.showHighlight(null);
      this.afterDrawn();
      return 0;
    }
    const { view, codes, classes } = this.shown;
    const { rgba, cells } = paintHighlight(codes, classes, view.comparison.difference, pair);
    const picture = this.picture(rgba);
    this.a.showHighlight(picture);
    this.b.showHighlight(picture);
    this.afterDrawn();
    return cells;
  }

  resize(): void {
    this.a.map.resize();
    this.b.map.resize();
  }

  destroy(): void {
    this.unsync();
    this.divider.destroy();
    this.a.destroy();
    this.b.destroy();
    this.root.remove();
  }

  private applyMode(): void {
    const difference = this.mode === 'difference';
    // Hidden by the stylesheet (visibility, so its size and camera stay): see compare-map.css.
    this.divider.element.hidden = this.mode !== 'swipe';
    this.clip();
    if (this.shown) {
      const { view, codes, classes } = this.shown;
      this.a.showDifference(difference ? this.picture(paintDifference(codes, classes, differencePalette(view.comparison.difference))) : null);
      this.a.setLczVisible(!difference);
    }
    this.a.setCursor(null);
    this.b.setCursor(null);
    // The panes changed size: MapLibre redraws to the new one now, not at its next resize check.
    this.resize();
    this.afterDrawn();
  }

  /** In swipe mode, B shows only right of the divider (its pointer events too); otherwise whole. */
  private clip(): void {
    this.b.container.style.clipPath = this.mode === 'swipe' ? `inset(0 0 0 ${this.divider.value * 100}%)` : '';
  }

  private picture(rgba: Uint8ClampedArray<ArrayBuffer>): GridPicture {
    const { width, height, corners } = this.shown!.view.a.display;
    return { corners, image: new ImageData(rgba, width, height) };
  }

  /** The linked cursor: side by side, the other map marks where the pointer is on this one. */
  private pointer(side: 'a' | 'b', position: readonly [number, number] | null): void {
    if (position === null && this.over !== side) return; // left the other pane long ago
    this.over = position ? side : null;
    const other = side === 'a' ? this.b : this.a;
    other.setCursor(this.mode === 'side-by-side' ? position : null);
    this.events.onCursor(position);
  }

  private afterDrawn(): void {
    let waiting = this.mode === 'difference' ? 1 : 2;
    const done = () => {
      waiting--;
      if (waiting === 0) this.events.onRendered();
    };
    this.a.whenIdle(done);
    if (this.mode !== 'difference') this.b.whenIdle(done);
  }
}
