import { Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// The worker ships as its own file; Vite copies it and gives its URL (same origin, so CSP worker-src 'self' allows it).
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { offlineStyle } from './offline-style';
import './map.css';

setWorkerUrl(workerUrl);

/**
 * A MapLibre map as every map of the app is made: the offline style, north up, its canvas kept after drawing, zoom
 * buttons and a metric scale bar. The classes that own a map (LczMapView, the Compare view's panes) start from it.
 */
export function createBaseMap(container: HTMLElement, options: { scale?: boolean } = {}): MapLibreMap {
  const map = new MapLibreMap({
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
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  if (options.scale ?? true) map.addControl(new ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-left');
  map.on('error', (e) => console.error('MapLibre:', e.error));
  return map;
}
