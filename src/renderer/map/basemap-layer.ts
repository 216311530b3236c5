import { AttributionControl, addProtocol, type GeoJSONSource, type Map as MapLibreMap } from 'maplibre-gl';
import { OSM_ATTRIBUTION, OSM_COPYRIGHT_URL, type Basemap, type TileAnswer, type TileRequest, type TileSource } from '../../shared/contract';
import { IDS } from './offline-style';
import { loadWorldOutline } from './world-outline';

/** Asks the core for one tile (basemap/tile): the page itself fetches nothing from other origins. */
export type TileLoader = (request: TileRequest) => Promise<TileAnswer>;

export interface BasemapEvents {
  /** Why tiles are missing (the server is unreachable, sends garbage...), or null once they come again. */
  onTrouble(message: string | null): void;
}

const PROTOCOL = 'lcz-tiles';
const TILE_URL = /^lcz-tiles:\/\/(osm|custom)\/(\d+)\/(\d+)\/(\d+)/;
const SEA = '#d5e1ea';
const PLAIN = '#e9ecef';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function base64Bytes(base64: string): ArrayBuffer {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/**
 * The basemap at the bottom of the map: the Natural Earth outline (land and borders, always there under tiles, so
 * it shows wherever a tile is missing: offline, or a server that fails), and over it raster tiles of OpenStreetMap
 * or the user's source, loaded through the core by a MapLibre protocol, with their attribution on the map.
 */
export class BasemapLayer {
  private choice: Basemap = 'none';
  private custom: TileSource | null = null;
  /** Bumped on every change, so tiles of a source no longer shown are not reported as trouble. */
  private generation = 0;

  constructor(
    private readonly map: MapLibreMap,
    loadTile: TileLoader,
    private readonly events: BasemapEvents,
  ) {
    map.addControl(new AttributionControl({ compact: false }), 'bottom-right');
    addProtocol(PROTOCOL, async (params) => {
      const generation = this.generation;
      const match = TILE_URL.exec(params.url);
      if (!match) throw new Error(`Not a basemap tile address: ${params.url}`);
      const [source, z, x, y] = [match[1] as 'osm' | 'custom', Number(match[2]), Number(match[3]), Number(match[4])];
      const answer = await loadTile({ source, z, x, y }).catch((error: unknown): TileAnswer => ({ kind: 'unavailable', message: error instanceof Error ? error.message : String(error) }));
      if (generation === this.generation) {
        if (answer.kind === 'unavailable') this.events.onTrouble(answer.message);
        // Only a tile the source gave just now says it works again (cached ones come whether it does or not).
        else if (answer.kind === 'tile' && (answer.from === 'server' || answer.from === 'file')) this.events.onTrouble(null);
      }
      // An empty answer is drawn as a transparent tile (not an error): the outline shows through.
      return { data: answer.kind === 'tile' ? base64Bytes(answer.base64) : new ArrayBuffer(0) };
    });
    map.addSource(IDS.outlineSource, { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, attribution: 'Outline: Natural Earth' });
    map.addSource(IDS.bordersSource, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({ id: IDS.outlineLayer, type: 'fill', source: IDS.outlineSource, layout: { visibility: 'none' }, paint: { 'fill-color': '#f4f1e8', 'fill-outline-color': '#8f9aa5' } });
    map.addLayer({ id: IDS.bordersLayer, type: 'line', source: IDS.bordersSource, layout: { visibility: 'none' }, paint: { 'line-color': '#8f9aa5', 'line-width': 0.7 } });
    loadWorldOutline().then(
      ({ land, borders }) => {
        this.map.getSource<GeoJSONSource>(IDS.outlineSource)?.setData(land);
        this.map.getSource<GeoJSONSource>(IDS.bordersSource)?.setData({ type: 'Feature', geometry: borders, properties: {} });
      },
      (error: unknown) => console.warn('LCZ Studio: no world outline:', error),
    );
  }

  get shown(): Basemap {
    return this.choice;
  }

  /** Shows a basemap; `custom` is the user's source (the custom choice without one shows the outline and says why). */
  set(choice: Basemap, custom: TileSource | null): void {
    const sameTiles = choice === this.choice && (choice !== 'custom' || JSON.stringify(custom) === JSON.stringify(this.custom));
    if (sameTiles) return;
    this.choice = choice;
    this.custom = custom;
    this.generation += 1;
    this.events.onTrouble(choice === 'custom' && !custom ? 'No tile source of your own is set: type one under Basemap.' : null);
    const outline = choice === 'none' ? 'none' : 'visible';
    this.map.setLayoutProperty(IDS.outlineLayer, 'visibility', outline);
    this.map.setLayoutProperty(IDS.bordersLayer, 'visibility', outline);
    this.map.setPaintProperty(IDS.background, 'background-color', choice === 'none' ? PLAIN : SEA);
    this.removeTiles();
    if (choice === 'osm') this.addTiles('osm', `<a href="${OSM_COPYRIGHT_URL}" target="_blank" rel="noopener">${escapeHtml(OSM_ATTRIBUTION)}</a>`, 0, 19);
    if (choice === 'custom' && custom) this.addTiles('custom', escapeHtml(custom.attribution), custom.kind === 'xyz' ? 0 : custom.minZoom, custom.kind === 'xyz' ? 22 : custom.maxZoom);
  }

  private addTiles(source: 'osm' | 'custom', attribution: string, minzoom: number, maxzoom: number): void {
    // The generation in the address makes MapLibre ask again after the user changed their source.
    this.map.addSource(IDS.tilesSource, { type: 'raster', tiles: [`${PROTOCOL}://${source}/{z}/{x}/{y}?g=${this.generation}`], tileSize: 256, minzoom, maxzoom, attribution });
    const above = [IDS.sceneLayer, IDS.lczLayer, IDS.confidenceLayer, IDS.differenceLayer, IDS.highlightLayer, IDS.graticuleLayer].find((id) => this.map.getLayer(id));
    this.map.addLayer({ id: IDS.tilesLayer, type: 'raster', source: IDS.tilesSource, paint: { 'raster-fade-duration': 0 } }, above);
  }

  private removeTiles(): void {
    if (this.map.getLayer(IDS.tilesLayer)) this.map.removeLayer(IDS.tilesLayer);
    if (this.map.getSource(IDS.tilesSource)) this.map.removeSource(IDS.tilesSource);
  }
}
