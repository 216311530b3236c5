import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Camera, MapView } from '../../shared/contract';
import { createBaseMap } from './base-map';
import { GraticuleLayer } from './graticule-layer';
import { ImageLayer, type Corners } from './image-layer';
import { LczLayer } from './lcz-layer';
import { IDS } from './offline-style';
import { PointLayer } from './point-layer';

export interface ComparePaneEvents {
  /** The pointer over this pane [lon, lat]; null when it leaves. */
  onPointer(position: readonly [number, number] | null): void;
}

/** A picture on the display grid of a map (the difference, the highlight). */
export interface GridPicture {
  corners: Corners;
  image: ImageData;
}

/**
 * One map of the Compare view: an LCZ map in its class colours, and over it the difference overlay, the highlighted
 * cells and the other view's cursor. Calls made before the style has loaded wait until it has.
 */
export class ComparePane {
  readonly map: MapLibreMap;
  readonly ready: Promise<void>;
  private lcz: LczLayer | null = null;
  private difference: ImageLayer | null = null;
  private highlight: ImageLayer | null = null;
  private point: PointLayer | null = null;
  private graticule: GraticuleLayer | null = null;

  constructor(
    readonly container: HTMLElement,
    events: ComparePaneEvents,
  ) {
    this.map = createBaseMap(container);
    this.map.on('mousemove', (e) => events.onPointer([e.lngLat.lng, e.lngLat.lat]));
    this.map.on('mouseout', () => events.onPointer(null));
    // The camera where the tests (and anyone inspecting the page) can read it.
    this.map.on('moveend', () => {
      const { center, zoom } = this.camera();
      container.dataset.center = `${center[0].toFixed(7)},${center[1].toFixed(7)}`;
      container.dataset.zoom = zoom.toFixed(4);
    });
    this.ready = new Promise((resolve) => {
      this.map.once('load', () => {
        this.graticule = new GraticuleLayer(this.map);
        this.point = new PointLayer(this.map);
        const overlay = (sourceId: string, layerId: string, below: string[]) => new ImageLayer(this.map, { sourceId, layerId, below, resampling: 'nearest' });
        this.highlight = overlay(IDS.highlightSource, IDS.highlightLayer, [IDS.graticuleLayer, IDS.pointLayer]);
        this.difference = overlay(IDS.differenceSource, IDS.differenceLayer, [IDS.highlightLayer, IDS.graticuleLayer, IDS.pointLayer]);
        this.lcz = new LczLayer(this.map);
        resolve();
      });
    });
  }

  async showMap(view: MapView): Promise<void> {
    await this.ready;
    this.lcz!.show(view);
  }

  setLczVisible(visible: boolean): void {
    void this.ready.then(() => this.lcz!.setVisible(visible));
  }

  /** The difference overlay, or none. */
  showDifference(picture: GridPicture | null): void {
    void this.ready.then(() => show(this.difference!, picture));
  }

  /** The highlighted cells, or none. */
  showHighlight(picture: GridPicture | null): void {
    void this.ready.then(() => show(this.highlight!, picture));
  }

  /** Marks where the pointer is over the other pane, or nothing. */
  setCursor(point: readonly [number, number] | null): void {
    void this.ready.then(() => this.point!.set(point));
  }

  camera(): Camera {
    const { lng, lat } = this.map.getCenter();
    return { center: [lng, lat], zoom: this.map.getZoom() };
  }

  /** Calls `done` once the map has drawn everything asked of it so far. */
  whenIdle(done: () => void): void {
    this.map.once('idle', done);
    this.map.triggerRepaint();
  }

  destroy(): void {
    this.graticule?.remove();
    this.map.remove();
  }
}

function show(layer: ImageLayer, picture: GridPicture | null): void {
  if (picture) {
    layer.show(picture.corners, picture.image);
    layer.setVisible(true);
  } else layer.setVisible(false);
}
