import type { Map as MapLibreMap } from 'maplibre-gl';
import type { MapView } from '../../shared/contract';
import { ImageLayer } from './image-layer';
import { decodeClasses, paintClasses } from './lcz-image';
import { IDS } from './offline-style';

/** The LCZ classes of the map on screen, in the standard colours, with the classes the user hid left out. */
export class LczLayer {
  private readonly layer: ImageLayer;
  private shown: { view: MapView; classes: Uint8Array } | null = null;
  private hidden: ReadonlySet<number> = new Set();

  constructor(map: MapLibreMap) {
    // Nearest keeps class edges crisp: classes are categories, never blended.
    this.layer = new ImageLayer(map, { sourceId: IDS.lczSource, layerId: IDS.lczLayer, below: [IDS.confidenceLayer, IDS.differenceLayer, IDS.highlightLayer, IDS.graticuleLayer], resampling: 'nearest' });
  }

  get view(): MapView | null {
    return this.shown?.view ?? null;
  }

  show(view: MapView): void {
    const { width, height, classesBase64 } = view.display;
    this.shown = { view, classes: decodeClasses(classesBase64, width, height) };
    this.paint();
  }

  /** Repaints only the image: the source, layer and camera stay as they are. */
  setHidden(hidden: ReadonlySet<number>): void {
    this.hidden = hidden;
    this.paint();
  }

  setVisible(visible: boolean): void {
    this.layer.setVisible(visible);
  }

  setOpacity(opacity: number): void {
    this.layer.setOpacity(opacity);
  }

  private paint(): void {
    if (!this.shown) return;
    const { view, classes } = this.shown;
    const { width, height, corners } = view.display;
    this.layer.show(corners, new ImageData(paintClasses(classes, this.hidden), width, height));
  }
}
