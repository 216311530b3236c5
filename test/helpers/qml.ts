/** A QGIS style (.qml) as Python's XML parser reads it: an implementation independent of the one that wrote it. */
import { python } from './python';

const script = `
import sys, json, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
r = root.find("pipe/rasterrenderer")
print(json.dumps({"renderer": r.get("type"), "band": r.get("band"), "entries": [e.attrib for e in r.findall("colorPalette/paletteEntry")]}))
`;

export interface QmlPalette {
  renderer: string;
  band: string;
  entries: { value: string; color: string; label: string; alpha: string }[];
}

/** The raster renderer of a .qml and its palette entries. */
export function qmlPalette(path: string): QmlPalette {
  return JSON.parse(python(script, path)) as QmlPalette;
}
