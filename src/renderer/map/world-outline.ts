import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { FeatureCollection, MultiLineString } from 'geojson';
// Natural Earth 1:50m countries (public domain) from the world-atlas package: bundled with the app as a file of its
// own, fetched from the app's own origin, so the outline needs no network and no download at run time.
import countriesUrl from 'world-atlas/countries-50m.json?url';

export interface WorldOutline {
  land: FeatureCollection;
  borders: MultiLineString;
}

type Countries = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;

/** Land and the borders between countries (not coastlines: the land's edge draws those) of a world-atlas topology. */
export function outlineOf(topology: Countries): WorldOutline {
  return {
    land: feature(topology, topology.objects.land),
    borders: mesh(topology, topology.objects.countries, (a, b) => a !== b),
  };
}

let loading: Promise<WorldOutline> | null = null;

/** The outline, read once per page. */
export function loadWorldOutline(): Promise<WorldOutline> {
  loading ??= fetch(countriesUrl)
    .then((response) => {
      if (!response.ok) throw new Error(`the bundled Natural Earth outline could not be read (${response.status})`);
      return response.json() as Promise<Countries>;
    })
    .then(outlineOf);
  return loading;
}
