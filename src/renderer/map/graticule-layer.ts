import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { graticule, type GraticuleLineProps } from './graticule';
import { IDS } from './offline-style';

/**
 * Draws lon/lat lines for the visible extent and labels them lightly along the top and left edges.
 * Labels are DOM elements rather than a symbol layer because a symbol layer needs a glyph server,
 * and the app has none (offline, no remote origins).
 */
export class GraticuleLayer {
  private readonly labels: HTMLDivElement;
  private lines: GraticuleLineProps[] = [];

  constructor(private readonly map: MapLibreMap) {
    this.labels = document.createElement('div');
    this.labels.className = 'graticule-labels';
    map.getContainer().appendChild(this.labels);
    map.addSource(IDS.graticuleSource, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: IDS.graticuleLayer,
      type: 'line',
      source: IDS.graticuleSource,
      paint: { 'line-color': '#5f6b78', 'line-opacity': 0.28, 'line-width': 0.8 },
    });
    map.on('moveend', this.update);
    map.on('move', this.placeLabels);
    map.on('resize', this.update);
    this.update();
  }

  private readonly update = (): void => {
    const b = this.map.getBounds();
    // Extend by half the view so lines do not pop in at the edges while panning.
    const w = b.getEast() - b.getWest();
    const h = b.getNorth() - b.getSouth();
    const box = { west: b.getWest() - w / 2, east: b.getEast() + w / 2, south: b.getSouth() - h / 2, north: b.getNorth() + h / 2 };
    const { lines } = graticule(box);
    this.lines = lines.features.map((f) => f.properties);
    this.map.getSource<GeoJSONSource>(IDS.graticuleSource)?.setData(lines);
    this.placeLabels();
  };

  private readonly placeLabels = (): void => {
    const b = this.map.getBounds();
    const { clientWidth: width, clientHeight: height } = this.map.getContainer();
    const parts: HTMLSpanElement[] = [];
    for (const line of this.lines) {
      const at = line.kind === 'lon' ? this.map.project([line.value, b.getNorth()]) : this.map.project([b.getWest(), line.value]);
      const pos = line.kind === 'lon' ? at.x : at.y;
      if (pos < 24 || pos > (line.kind === 'lon' ? width : height) - 24) continue;
      const span = document.createElement('span');
      span.className = `graticule-label graticule-label-${line.kind}`;
      span.textContent = line.label;
      span.style[line.kind === 'lon' ? 'left' : 'top'] = `${Math.round(pos)}px`;
      parts.push(span);
    }
    this.labels.replaceChildren(...parts);
  };

  remove(): void {
    this.map.off('moveend', this.update);
    this.map.off('move', this.placeLabels);
    this.map.off('resize', this.update);
    this.labels.remove();
  }
}
