import type { StyleSpecification } from 'maplibre-gl';

/** Source and layer ids the map view owns, listed bottom to top as they are drawn. */
export const IDS = {
  background: 'background',
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
 * The app works offline and loads nothing from other origins (see the CSP), so the base map is a plain
 * background; the graticule and scale bar give the user their bearings instead of a tile basemap.
 */
export function offlineStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: IDS.background, type: 'background', paint: { 'background-color': '#e9ecef' } }],
  };
}
