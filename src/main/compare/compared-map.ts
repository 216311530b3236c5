import type { ComparedMap } from '../../shared/contract/compare';
import type { MapReader } from './map-reader';

/** How comparison.json describes a map that was read. */
export function comparedMap(reader: MapReader, resampled: boolean): ComparedMap {
  const { source, header } = reader;
  return {
    path: source.path,
    kind: source.kind,
    lczPath: source.lczPath,
    name: source.kind === 'result' ? source.name : header.name,
    width: header.width,
    height: header.height,
    crs: header.crs,
    geoTransform: [...header.geoTransform],
    resampled,
    synthetic: reader.synthetic,
    notes: reader.notes(),
  };
}
