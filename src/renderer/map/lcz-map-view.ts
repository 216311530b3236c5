import { Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl, type GeoJSONSource, type ImageSource } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// The worker ships as its own file; Vite copies it and gives its URL (same origin, so CSP worker-src 'self' allows it).
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { MapView } from '../../shared/contract';
import { GraticuleLayer } from './graticule-layer';
import { decodeClasses, paintClasses } from './lcz-image';
import { IDS, offlineStyle } from './offline-style';
import './map.css';

setWorkerUrl(workerUrl);

export interface LczMapViewEvents {
  onClick(lon: number, lat: number): void;
  /** null when the pointer leaves the map. */
  onMouseMove(position: readonly [number, number] | null): void;
  /** The LCZ layer of a newly shown map has been drawn (the map went idle after adding it). */
  onLayerRendered(view: MapView): void;
}

interface Shown {
  view: MapView;
  classes: Uint8Array;
}

/**
 * The one owner of the MapLibre map: React hands it state through these methods and never touches
 * MapLibre itself. Calls made before the style has loaded are queued until it has.
 */
export class LczMapView {
  private readonly map: MapLibreMap;
  private readonly ready: Promise<void>;
  private graticule: GraticuleLayer | null = null;
  private shown: Shown | null = null;
  // Kept even with no map shown, so that the next map is drawn with the user's current choices.
  private hidden: ReadonlySet<number> = new Set();
  private opacity = 1;

  constructor(container: HTMLElement, private readonly events: LczMapViewEvents) {
    this.map = new MapLibreMap({
      container,
      style: offlineStyle(),
      center: [0, 20],
      zoom: 1.5,
      attributionControl: false,
      // Screenshots (and the e2e tests) read the canvas back after drawing.
      canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
      // North stays up: the graticule labels and a planner's reading of the map assume it.
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      maxPitch: 0,
    });
    this.map.touchZoomRotate.disableRotation();
    this.map.keyboard.disableRotation();
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
    this.map.on('click', (e) => this.events.onClick(e.lngLat.lng, e.lngLat.lat));
    this.map.on('mousemove', (e) => this.events.onMouseMove([e.lngLat.lng, e.lngLat.lat]));
    this.map.on('mouseout', () => this.events.onMouseMove(null));
    this.map.on('error', (e) => console.error('MapLibre:', e.error));
    this.ready = new Promise((resolve) => {
      this.map.once('load', () => {
        this.graticule = new GraticuleLayer(this.map);
        this.addPointLayer();
        resolve();
      });
    });
  }

  /** Shows a map's LCZ layer in place of the previous one and zooms to it (with the current hidden classes and opacity). */
  async showLczLayer(view: MapView): Promise<void> {
    const { width, height, corners, classesBase64 } = view.display;
    const classes = decodeClasses(classesBase64, width, height);
    await this.ready;
    this.shown = { view, classes };
    const coordinates = corners.map(([lon, lat]) => [lon, lat] as [number, number]) as [
      [number, number], [number, number], [number, number], [number, number],
    ];
    if (this.map.getLayer(IDS.lczLayer)) this.map.removeLayer(IDS.lczLayer);
    if (this.map.getSource(IDS.lczSource)) this.map.removeSource(IDS.lczSource);
    // An image source without a url, fed decoded pixels: no data: URL to fetch, nothing for the CSP to block.
    this.map.addSource(IDS.lczSource, { type: 'image', coordinates });
    this.map.addLayer(
      {
        id: IDS.lczLayer,
        type: 'raster',
        source: IDS.lczSource,
        // Nearest keeps class edges crisp: classes are categories, never blended.
        paint: { 'raster-resampling': 'nearest', 'raster-opacity': this.opacity, 'raster-fade-duration': 0 },
      },
      IDS.graticuleLayer,
    );
    this.paint();
    this.fitToMap(false);
    this.map.once('idle', () => {
      if (this.shown?.view === view) this.events.onLayerRendered(view);
    });
  }

  setOpacity(opacity: number): void {
    this.opacity = opacity;
    if (this.map.getLayer(IDS.lczLayer)) this.map.setPaintProperty(IDS.lczLayer, 'raster-opacity', opacity);
  }

  /** Repaints only the image: the source, layer and camera stay as they are. */
  setHiddenClasses(hidden: ReadonlySet<number>): void {
    this.hidden = hidden;
    this.paint();
  }

  fitToMap(animate = true): void {
    if (!this.shown) return;
    const [west, south, east, north] = this.shown.view.bounds;
    this.map.fitBounds([[west, south], [east, north]], { padding: 48, animate, maxZoom: 18 });
  }

  /** Marks (or unmarks, with null) the point the user inspected. */
  setInspectPoint(point: readonly [number, number] | null): void {
    void this.ready.then(() => {
      const features = point ? [{ type: 'Feature' as const, properties: {}, geometry: { type: 'Point' as const, coordinates: [point[0], point[1]] } }] : [];
      this.map.getSource<GeoJSONSource>(IDS.pointSource)?.setData({ type: 'FeatureCollection', features });
    });
  }

  destroy(): void {
    this.graticule?.remove();
    this.map.remove();
  }

  private paint(): void {
    if (!this.shown) return;
    const { classes, view } = this.shown;
    const pixels = new ImageData(paintClasses(classes, this.hidden), view.display.width, view.display.height);
    this.map.getSource<ImageSource>(IDS.lczSource)?.updateImage({ image: pixels });
  }

  private addPointLayer(): void {
    this.map.addSource(IDS.pointSource, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    this.map.addLayer({
      id: IDS.pointLayer,
      type: 'circle',
      source: IDS.pointSource,
      paint: { 'circle-radius': 5, 'circle-color': '#ffffff', 'circle-stroke-color': '#1f2937', 'circle-stroke-width': 2 },
    });
  }
}
