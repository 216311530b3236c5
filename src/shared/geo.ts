/** GDAL's geotransform: [originX, pixelWidth, rowRotation, originY, colRotation, pixelHeight]. */
export type GeoTransform = readonly [number, number, number, number, number, number];

/** [west, south, east, north] in degrees (EPSG:4326). */
export type LonLatBounds = readonly [number, number, number, number];

/** Four corners as [lon, lat]: top-left, top-right, bottom-right, bottom-left (MapLibre image source order). */
export type Corners = readonly [readonly [number, number], readonly [number, number], readonly [number, number], readonly [number, number]];
