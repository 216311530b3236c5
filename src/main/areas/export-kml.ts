/**
 * Training areas written back as KML in the WUDAPT template (a folder for the city, in it one folder per class named
 * 1-10 and A-G, placemarks with clamped-to-ground polygons), so a set made or fixed in LCZ Studio can go to the LCZ
 * Generator, Google Earth or QGIS as it came.
 */
import type { TrainingArea } from '../../shared/contract/areas';
import { LCZ_CLASS_COUNT } from '../../shared/lcz-classes';
import { classLabel, folderName } from './class-folders';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const ring = (points: readonly (readonly [number, number])[]) => points.map(([x, y]) => `${x},${y},0`).join(' ');

function placemark(area: TrainingArea, indent: string): string {
  const [outer, ...holes] = area.geometry.coordinates;
  const boundary = (tag: string, points: readonly (readonly [number, number])[]) =>
    `${indent}    <${tag}><LinearRing><coordinates>${ring(points)}</coordinates></LinearRing></${tag}>`;
  return [
    `${indent}<Placemark>`,
    `${indent}  <name>${escape(area.name || area.id)}</name>`,
    `${indent}  <Polygon>`,
    `${indent}    <altitudeMode>clampToGround</altitudeMode>`,
    boundary('outerBoundaryIs', outer!),
    ...holes.map((h) => boundary('innerBoundaryIs', h)),
    `${indent}  </Polygon>`,
    `${indent}</Placemark>`,
  ].join('\n');
}

/** The KML text of a set of areas; `city` names the outer folder, as the template's does. */
export function areasToKml(areas: readonly TrainingArea[], city: string): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<kml xmlns="http://www.opengis.net/kml/2.2">', '<Document>', `  <name>${escape(city)}</name>`, '  <Folder>', `    <name>${escape(city)}</name>`];
  for (let lcz = 1; lcz <= LCZ_CLASS_COUNT; lcz++) {
    const members = areas.filter((a) => a.lcz === lcz);
    if (members.length === 0) continue;
    lines.push('    <Folder>', `      <name>${folderName(lcz)}</name>`, `      <description>${escape(classLabel(lcz))}</description>`);
    for (const area of members) lines.push(placemark(area, '      '));
    lines.push('    </Folder>');
  }
  lines.push('  </Folder>', '</Document>', '</kml>', '');
  return lines.join('\n');
}
