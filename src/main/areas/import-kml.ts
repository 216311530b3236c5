/**
 * Training areas from KML or KMZ in the WUDAPT template: one folder per class, named 1-10 and A-G (11-17 and the
 * legacy 101-107 are read too, with or without an "LCZ" prefix), usually inside a folder named for the city. A
 * placemark's class is its nearest enclosing folder that names one. Parsed with @tmcw/togeojson over @xmldom/xmldom.
 */
import { kmlWithFolders, type Folder, type Root } from '@tmcw/togeojson';
import { DOMParser, type Document as XmlDocument } from '@xmldom/xmldom';
import type { Feature, Geometry } from 'geojson';
import type { TrainingArea } from '../../shared/contract/areas';
import { UserError } from '../../shared/errors';
import { areaPolygons, FeatureProblems } from './area-polygons';
import { lczFromName } from './class-folders';
import { readZipEntries } from './zip-entries';

const CLASS_FOLDERS_HINT = 'put each area in a folder named for its class: 1-10 or A-G, as in the WUDAPT template';

/** The KML document inside a KMZ: doc.kml by convention, else the only .kml at its top level. */
export async function kmzText(data: Buffer, path: string): Promise<string> {
  const kmls = await readZipEntries(data, path, (name) => name.toLowerCase().endsWith('.kml'));
  const names = [...kmls.keys()];
  const main = names.find((n) => n.toLowerCase() === 'doc.kml') ?? (names.filter((n) => !n.includes('/')).length === 1 ? names.find((n) => !n.includes('/')) : undefined) ?? names[0];
  if (!main) throw new UserError('is a KMZ with no KML document inside (no .kml file in the archive)', path);
  return kmls.get(main)!.toString('utf8');
}

function parseXml(text: string, path: string): XmlDocument {
  if (text.trim() === '') throw new UserError('is empty: a KML file of training areas was expected', path);
  let doc: XmlDocument;
  try {
    doc = new DOMParser({ onError: (level, message) => { if (level !== 'warning') throw new Error(message); } }).parseFromString(text, 'text/xml');
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/^\[xmldom [^\]]*\]\s*/, '').trim();
    throw new UserError(`is not valid KML: its XML is malformed (${detail})`, path);
  }
  const root = doc.documentElement?.localName;
  if (root !== 'kml') throw new UserError(`is not KML: its root element is <${root ?? 'nothing'}>, not <kml>`, path);
  return doc;
}

/** Training areas of a KML document; throws one UserError naming the file and every feature that is wrong. */
export function areasFromKml(text: string, path: string): TrainingArea[] {
  const tree: Root = kmlWithFolders(parseXml(text, path), { skipNullGeometry: false });
  const areas: TrainingArea[] = [];
  const problems = new FeatureProblems();
  let placemarks = 0;
  const visit = (children: Root['children'], lcz: number | null, folder: string | null) => {
    for (const child of children) {
      if (child.type === 'folder') {
        const name = String((child as Folder).meta.name ?? '').trim();
        visit((child as Folder).children, lczFromName(name) ?? lcz, name);
        continue;
      }
      const feature = child as Feature<Geometry | null>;
      if (feature.properties?.['@geometry-type'] === 'groundoverlay') continue; // an image, not an area
      placemarks++;
      const name = String(feature.properties?.name ?? '').trim();
      const label = `placemark ${name ? `"${name}"` : `#${placemarks}`}${folder ? ` (folder "${folder}")` : ''}`;
      if (lcz === null) {
        problems.add(label, folder ? `is in a folder that is not an LCZ class; ${CLASS_FOLDERS_HINT}` : `is in no class folder; ${CLASS_FOLDERS_HINT}`);
        continue;
      }
      const made = areaPolygons(feature.geometry);
      if ('problem' in made) {
        problems.add(label, made.problem);
        continue;
      }
      made.polygons.forEach((geometry, part) => {
        areas.push({ id: made.polygons.length > 1 ? `${placemarks}.${part + 1}` : String(placemarks), lcz, name, geometry });
      });
    }
  };
  visit(tree.children, null, null);
  const message = problems.message();
  if (message) throw new UserError(message, path);
  if (areas.length === 0) throw new UserError(`holds no training areas (no placemark with a polygon); ${CLASS_FOLDERS_HINT}`, path);
  return areas;
}
