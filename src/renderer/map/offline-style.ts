import type { StyleSpecification } from 'maplibre-gl';

/** Source and layer ids the map view owns, listed bottom to top as they are drawn. */
export const IDS = {
  background: 'background',
  outlineSource: 'world-outline',
  outlineLayer: 'world-land',
  bordersSource: 'world-borders',
  bordersLayer: 'world-borders',
  tilesSource: 'basemap-tiles',
  tilesLayer: 'basemap-tiles',
  sceneSource: 'scene',
  sceneLayer: 'scene-true-colour',
  lczSource: 'lcz',
  lczLayer: 'lcz-classes',
  confidenceSource: 'confidence',
  confidenceLayer: 'confidence-overlay',
  differenceSource: 'difference',
  differenceLayer: 'difference-overlay',
  highlightSource: 'highlight',
  highlightLayer: 'highlight-overlay',
  graticuleSource: 'graticule',
  graticuleLayer: 'graticule-lines',
  pointSource: 'inspect-point',
  pointLayer: 'inspect-point',
} as const;

/**
 * The style every map starts from: a plain background. The page loads nothing from other origins (see the CSP): the
 * main map's basemap (basemap-layer.ts) gets its tiles through the core, and its outline from the app's own files.
 */
export function offlineStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: IDS.background, type: 'background', paint: { 'background-color': '#e9ecef' } }],
  };
}
