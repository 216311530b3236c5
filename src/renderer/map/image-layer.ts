import type { ImageSource, Map as MapLibreMap } from 'maplibre-gl';

export type Corners = readonly [readonly [number, number], readonly [number, number], readonly [number, number], readonly [number, number]];

export interface ImageLayerOptions {
  sourceId: string;
  layerId: string;
  /** Layers that must lie above this one, nearest first: it is inserted under the first that exists. */
  below: readonly string[];
  /** Nearest keeps class edges crisp; linear suits pictures. */
  resampling: 'nearest' | 'linear';
}

/**
 * One georeferenced picture on the map (an image source and its raster layer), fed decoded pixels: no URL to fetch,
 * nothing for the CSP to block. Keeps its visibility and opacity, so a new picture is drawn with the user's choices.
 */
export class ImageLayer {
  private corners: Corners | null = null;
  private visible = true;
  private opacity = 1;
  private resampling: 'nearest' | 'linear';

  constructor(
    private readonly map: MapLibreMap,
    private readonly options: ImageLayerOptions,
  ) {
    this.resampling = options.resampling;
  }

  get shown(): boolean {
    return this.corners !== null;
  }

  /** Draws `image` at `corners` (top-left, top-right, bottom-right, bottom-left), replacing what the layer showed. */
  show(corners: Corners, image: ImageData): void {
    const { sourceId, layerId, below } = this.options;
    if (!this.sameCorners(corners)) {
      this.remove();
      const coordinates = corners.map(([lon, lat]) => [lon, lat] as [number, number]) as [
        [number, number], [number, number], [number, number], [number, number],
      ];
      this.map.addSource(sourceId, { type: 'image', coordinates });
      this.map.addLayer(
        {
          id: layerId,
          type: 'raster',
          source: sourceId,
          layout: { visibility: this.visible ? 'visible' : 'none' },
          paint: { 'raster-resampling': this.resampling, 'raster-opacity': this.opacity, 'raster-fade-duration': 0 },
        },
        below.find((id) => this.map.getLayer(id)),
      );
      this.corners = corners;
    }
    this.map.getSource<ImageSource>(sourceId)?.updateImage({ image });
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (this.map.getLayer(this.options.layerId)) this.map.setLayoutProperty(this.options.layerId, 'visibility', visible ? 'visible' : 'none');
  }

  setOpacity(opacity: number): void {
    this.opacity = opacity;
    if (this.map.getLayer(this.options.layerId)) this.map.setPaintProperty(this.options.layerId, 'raster-opacity', opacity);
  }

  setResampling(resampling: 'nearest' | 'linear'): void {
    if (resampling === this.resampling) return;
    this.resampling = resampling;
    if (this.map.getLayer(this.options.layerId)) this.map.setPaintProperty(this.options.layerId, 'raster-resampling', resampling);
  }

  /** Screen pixels per picture pixel at the current zoom (above 1: the picture is magnified); null when not shown. */
  magnification(imageWidth: number): number | null {
    if (!this.corners) return null;
    const [topLeft, topRight] = this.corners;
    const a = this.map.project([topLeft[0], topLeft[1]]);
    const b = this.map.project([topRight[0], topRight[1]]);
    return Math.hypot(b.x - a.x, b.y - a.y) / imageWidth;
  }

  remove(): void {
    if (this.map.getLayer(this.options.layerId)) this.map.removeLayer(this.options.layerId);
    if (this.map.getSource(this.options.sourceId)) this.map.removeSource(this.options.sourceId);
    this.corners = null;
  }

  private sameCorners(corners: Corners): boolean {
    return this.corners !== null && this.corners.every((c, i) => c[0] === corners[i]![0] && c[1] === corners[i]![1]);
  }
}
