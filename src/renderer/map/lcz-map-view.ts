import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Basemap, Camera, LonLatBox, MapView, ResultView, SceneView, TileSource, TrainingArea } from '../../shared/contract';
import { AoiDrawLayer, type AoiDrawEvents } from './aoi-draw-layer';
import { AreasDrawLayer, type AreasDrawEvents, type AreasTool } from './areas-draw-layer';
import { createBaseMap } from './base-map';
import { BasemapLayer, type TileLoader } from './basemap-layer';
import { ConfidenceOverlay, type OverlayStyle } from './confidence-overlay';
import { GraticuleLayer } from './graticule-layer';
import { ImageLayer } from './image-layer';
import { LczLayer } from './lcz-layer';
import { OutlineLayer } from './outline-layer';
import { PointLayer } from './point-layer';
import { IDS } from './offline-style';
import { decodeScenePreview } from './scene-image';

export interface LczMapViewEvents {
  onClick(lon: number, lat: number): void;
  /** null when the pointer leaves the map. */
  onMouseMove(position: readonly [number, number] | null): void;
  /** The LCZ layer of a newly shown map has been drawn (the map went idle after adding it). */
  onLayerRendered(view: MapView): void;
  /** The true-colour picture of a newly shown scene has been drawn. */
  onSceneRendered(scene: SceneView): void;
  /** The camera came to rest somewhere new (a pan, a zoom, a jump). */
  onCameraChange(camera: Camera): void;
  /** Asks the core for a basemap tile. */
  loadTile: TileLoader;
  /** Why basemap tiles are missing (the outline shows instead), or null once they come again. */
  onBasemapTrouble(message: string | null): void;
  /** What the user does to the training areas on the map (the Training areas panel). */
  areas: AreasDrawEvents;
  /** A rectangle drawn for the area of interest (the Mapping tab). */
  aoi: AoiDrawEvents;
}

type Bounds = readonly [number, number, number, number];

/**
 * The one owner of the MapLibre map: React hands it state through these methods and never touches
 * MapLibre itself. Each layer is a small helper (scene, LCZ classes, confidence overlay, graticule);
 * calls made before the style has loaded wait until it has.
 */
export class LczMapView {
  private readonly map: MapLibreMap;
  private readonly ready: Promise<void>;
  private basemap: BasemapLayer | null = null;
  private graticule: GraticuleLayer | null = null;
  private lcz: LczLayer | null = null;
  private scene: ImageLayer | null = null;
  private confidence: ConfidenceOverlay | null = null;
  private point: PointLayer | null = null;
  private shownScene: SceneView | null = null;
  private areas: AreasDrawLayer | null = null;
  private suspicious: OutlineLayer | null = null;
  private aoi: AoiDrawLayer | null = null;
  /** The tool the Training areas tab asks for; the area of interest's drawing, while on, puts it aside (one at a time). */
  private areasTool: AreasTool = 'view';
  private aoiDrawing = false;

  constructor(container: HTMLElement, private readonly events: LczMapViewEvents) {
    this.map = createBaseMap(container);
    // While the training areas or the area of interest are drawn or edited, a click is the drawing's, not a cell to inspect.
    this.map.on('click', (e) => {
      if (!this.areas?.capturesClicks && !this.aoi?.drawing) this.events.onClick(e.lngLat.lng, e.lngLat.lat);
    });
    this.map.on('mousemove', (e) => this.events.onMouseMove([e.lngLat.lng, e.lngLat.lat]));
    this.map.on('mouseout', () => this.events.onMouseMove(null));
    this.map.on('moveend', () => {
      const { lng, lat } = this.map.getCenter();
      this.events.onCameraChange({ center: [lng, lat], zoom: this.map.getZoom() });
    });
    this.ready = new Promise((resolve) => {
      this.map.once('load', () => {
        // First: its outline lies under every other layer.
        this.basemap = new BasemapLayer(this.map, this.events.loadTile, { onTrouble: (message) => this.events.onBasemapTrouble(message) });
        this.graticule = new GraticuleLayer(this.map);
        this.point = new PointLayer(this.map);
        this.lcz = new LczLayer(this.map);
        this.confidence = new ConfidenceOverlay(this.map);
        this.scene = new ImageLayer(this.map, {
          sourceId: IDS.sceneSource,
          layerId: IDS.sceneLayer,
          below: [IDS.lczLayer, IDS.confidenceLayer, IDS.graticuleLayer],
          resampling: 'linear',
        });
        // Last, so the areas and their marks lie over the scene and the LCZ layer.
        this.areas = new AreasDrawLayer(this.map, this.events.areas);
        this.suspicious = new OutlineLayer(this.map, 'suspicious-areas', '#db2777');
        this.aoi = new AoiDrawLayer(this.map, this.events.aoi);
        resolve();
      });
    });
  }

  /**
   * Shows a map's LCZ layer in place of the previous one (with the current hidden classes and opacity) and frames it
   * whole, or puts the camera at `camera` (where the last session left it).
   */
  async showLczLayer(view: MapView, camera: Camera | null = null): Promise<void> {
    await this.ready;
    this.lcz!.show(view);
    if (camera) this.map.jumpTo({ center: [camera.center[0], camera.center[1]], zoom: camera.zoom });
    else this.fitTo(view.bounds, false);
    this.afterIdle(() => this.lcz?.view === view, () => this.events.onLayerRendered(view));
  }

  setLczVisible(visible: boolean): void {
    void this.ready.then(() => {
      this.lcz!.setVisible(visible);
      this.confidence!.setLczVisible(visible);
    });
  }

  setOpacity(opacity: number): void {
    void this.ready.then(() => this.lcz!.setOpacity(opacity));
  }

  setHiddenClasses(hidden: ReadonlySet<number>): void {
    void this.ready.then(() => this.lcz!.setHidden(hidden));
  }

  /** Shows a scene's true-colour picture under the LCZ layer (the camera stays: see fitTo); null removes it. */
  async showScene(scene: SceneView | null): Promise<void> {
    await this.ready;
    this.shownScene = scene;
    if (!scene) {
      this.scene!.remove();
      return;
    }
    const { preview } = scene;
    this.scene!.show(preview.corners, new ImageData(decodeScenePreview(preview), preview.width, preview.height));
    this.afterIdle(() => this.shownScene === scene, () => this.events.onSceneRendered(scene));
  }

  setSceneVisible(visible: boolean): void {
    void this.ready.then(() => this.scene!.setVisible(visible));
  }

  /** The basemap under the layers: OpenStreetMap, the user's tile source, the outline only, or none. */
  setBasemap(choice: Basemap, custom: TileSource | null): void {
    void this.ready.then(() => this.basemap!.set(choice, custom));
  }

  /** The confidence of the result on screen (null for a plain LCZ map), drawn as the overlay style says. */
  showConfidence(result: ResultView | null): void {
    void this.ready.then(() => this.confidence!.setResult(result));
  }

  setOverlayStyle(style: OverlayStyle): void {
    void this.ready.then(() => this.confidence!.setStyle(style));
  }

  /** The training areas shown and editable on the map (an empty list shows none). */
  setTrainingAreas(areas: readonly TrainingArea[]): void {
    void this.ready.then(() => this.areas!.setAreas(areas));
  }

  setAreasTool(tool: AreasTool): void {
    this.areasTool = tool;
    void this.ready.then(() => this.applyDrawTools());
  }

  /** The area of interest outlined: saved (what is mapped; null: the whole scene) and in the fields, not saved yet. */
  setAoi(saved: LonLatBox | null, pending: LonLatBox | null): void {
    void this.ready.then(() => this.aoi!.setBoxes(saved, pending));
  }

  /** The pointer draws a rectangle for the area of interest; the training areas' tool waits meanwhile. */
  setAoiDrawing(on: boolean): void {
    this.aoiDrawing = on;
    void this.ready.then(() => this.applyDrawTools());
  }

  /** Two Terra Draw layers share the pointer: only one may draw at a time, and the area of interest goes first. */
  private applyDrawTools(): void {
    // The one that stops goes first, so the two never draw at once.
    if (this.aoiDrawing) {
      this.areas!.setTool('view');
      this.aoi!.setDrawing(true);
    } else {
      this.aoi!.setDrawing(false);
      this.areas!.setTool(this.areasTool);
    }
  }

  selectTrainingArea(id: string | null): void {
    void this.ready.then(() => this.areas!.select(id));
  }

  /** Marks the suspicious training areas of the last bootstrap (outer rings, lon/lat). */
  setSuspiciousAreas(rings: readonly (readonly (readonly [number, number])[])[]): void {
    void this.ready.then(() => this.suspicious!.set(rings));
  }

  fitTo(bounds: Bounds, animate = true): void {
    const [west, south, east, north] = bounds;
    this.map.fitBounds([[west, south], [east, north]], { padding: 48, animate, maxZoom: 18 });
  }

  /** Marks (or unmarks, with null) the point the user inspected. */
  setInspectPoint(point: readonly [number, number] | null): void {
    void this.ready.then(() => this.point!.set(point));
  }

  destroy(): void {
    this.areas?.remove();
    this.aoi?.remove();
    this.graticule?.remove();
    this.map.remove();
  }

  /** Calls `done` once the map has drawn what was just changed, if `current` still holds then. */
  private afterIdle(current: () => boolean, done: () => void): void {
    this.map.once('idle', () => {
      if (current()) done();
    });
  }
}
