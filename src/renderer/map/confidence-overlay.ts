import type { Map as MapLibreMap } from 'maplibre-gl';
import type { ResultView } from '../../shared/contract';
import { effectiveMeasure, measureValues } from './confidence-grids';
import { overlayScale, paintConfidence, type ConfidenceMeasure, type UnsureStyle } from './confidence-image';
import { ImageLayer } from './image-layer';
import { IDS } from './offline-style';

export interface OverlayStyle {
  visible: boolean;
  measure: ConfidenceMeasure;
  threshold: number;
  style: UnsureStyle;
}

/**
 * Marks the cells of a result the model is unsure of, over its LCZ layer (same display grid). Decoded grids are kept
 * per measure, so moving the threshold only repaints.
 */
export class ConfidenceOverlay {
  private readonly layer: ImageLayer;
  private result: ResultView | null = null;
  private readonly grids = new Map<ConfidenceMeasure, Uint8Array>();
  private style: OverlayStyle = { visible: false, measure: 'maxProbability', threshold: 0.5, style: 'dim' };
  private painted = '';
  private paintedWidth = 0;
  private lczVisible = true;

  constructor(map: MapLibreMap) {
    this.layer = new ImageLayer(map, { sourceId: IDS.confidenceSource, layerId: IDS.confidenceLayer, below: [IDS.graticuleLayer], resampling: 'linear' });
    map.on('zoomend', this.adaptResampling);
  }

  /**
   * Linear keeps thin hatch lines smooth while the picture is drawn smaller than it is; once magnified, nearest keeps
   * cell edges and lines crisp instead of blurred.
   */
  private readonly adaptResampling = (): void => {
    const magnification = this.layer.magnification(this.paintedWidth);
    if (magnification !== null) this.layer.setResampling(magnification > 1.25 ? 'nearest' : 'linear');
  };

  /** The result whose confidence to draw; null removes the overlay (a plain LCZ map has no confidence). */
  setResult(result: ResultView | null): void {
    if (result === this.result) return;
    this.result = result;
    this.grids.clear();
    this.painted = '';
    if (!result) this.layer.remove();
    this.update();
  }

  setStyle(style: OverlayStyle): void {
    this.style = style;
    this.update();
  }

  /** Hidden with the LCZ layer: the overlay only means something over it. */
  setLczVisible(visible: boolean): void {
    this.lczVisible = visible;
    this.update();
  }

  private update(): void {
    const visible = this.style.visible && this.lczVisible && this.result !== null;
    this.layer.setVisible(visible);
    if (!visible || !this.result) return;
    const { display } = this.result.map;
    const measure = effectiveMeasure(this.result.confidence, this.style.measure);
    const key = `${measure}|${this.style.threshold}|${this.style.style}`;
    if (key === this.painted && this.layer.shown) return;
    let values = this.grids.get(measure);
    if (!values) {
      values = measureValues(this.result.confidence, measure, display.width * display.height);
      this.grids.set(measure, values);
    }
    const image = paintConfidence(values, display.width, display.height, {
      threshold: this.style.threshold,
      style: this.style.style,
      scale: overlayScale(display.width, display.height),
    });
    this.layer.show(display.corners, new ImageData(image.rgba, image.width, image.height));
    this.painted = key;
    this.paintedWidth = image.width;
    this.adaptResampling();
  }
}
