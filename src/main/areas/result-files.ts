/** Files an areas-map result has beyond every mapping result's (mapping/write-result.ts). */
export const AREAS_RESULT_FILES = { raw: 'lcz-raw.tif', rawStyle: 'lcz-raw.qml', accuracy: 'training-areas.json', areas: 'training-areas.geojson' } as const;
