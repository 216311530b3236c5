import type { Basemap, Camera, CellProbe, TileSource, InspectResult, JobRecord, MapView, OutputOf, ResultView, SceneView, ShellView, SidebarTab } from '../../shared/contract';
import type { ConfidenceMeasure, UnsureStyle } from '../map/confidence-image';
import { createStore, useStoreSlice } from './store';

export type AppInfo = OutputOf<'app/info'>;

/** What a click on an LCZ map found, with where it was. */
export interface InspectState {
  lon: number;
  lat: number;
  result: InspectResult;
}

/** What a click on a mapping result found: class, probabilities, confidence, truth. */
export interface ProbeState {
  lon: number;
  lat: number;
  /** The result probed, so an answer for another result is never shown. */
  resultId: string;
  /** null while the core answers. */
  probe: CellProbe | null;
}

/** An error the user caused or should know about, shown in the error banner. */
export interface UiError {
  /** What failed, naming the file: "Cannot open lcz.tif". */
  title: string;
  message: string;
  /** Full path of the file it concerns, when there is one. */
  file?: string;
}

export type DialogKind = 'open' | 'export' | null;
export type { ShellView, SidebarTab };

/** How the confidence of a result is drawn over its LCZ layer. */
export interface OverlaySettings {
  visible: boolean;
  measure: ConfidenceMeasure;
  /** Cells whose measure is under this (0-1) are marked unsure. */
  threshold: number;
  style: UnsureStyle;
}

export interface AppState {
  info: AppInfo | null;
  /** The LCZ map on screen (a map file or a result's map); null before the first open completes. */
  map: MapView | null;
  /** The mapping result whose map is on screen, null for a plain LCZ map. */
  result: ResultView | null;
  /** The scene opened for mapping, drawn in true colour under the LCZ layer. */
  scene: SceneView | null;
  /** Path of the file being opened, while the core reads it. */
  opening: string | null;
  /** LCZ layer opacity, 0-1. */
  opacity: number;
  lczVisible: boolean;
  sceneVisible: boolean;
  overlay: OverlaySettings;
  /** Class values (1-17) the user hid from the legend. */
  hidden: ReadonlySet<number>;
  inspect: InspectState | null;
  probe: ProbeState | null;
  /** Cursor position over the map [lon, lat], null when the pointer is elsewhere. */
  cursor: readonly [number, number] | null;
  error: UiError | null;
  /** Jobs of this session, newest first. */
  jobs: readonly JobRecord[];
  dialog: DialogKind;
  /** The view that owns the main area (only built views are ever active: see views.ts). */
  view: ShellView;
  /** The Map view's sidebar tab. */
  tab: SidebarTab;
  /** The "Map my city" guide beside the map. */
  guideOpen: boolean;
  /** The jobs dock under the views. */
  dockOpen: boolean;
  /** A one-line message that is not an error (a file of the last session that is gone). */
  notice: string | null;
  /** Where the map looks now (after each move); null before the map has moved once. */
  camera: Camera | null;
  /** Where the camera goes when `map` is shown: null frames the map whole. Set together with `map`. */
  placement: Camera | null;
  /** The basemap under the layers (kept in the session). */
  basemap: Basemap;
  /** The user's own tile source, as the core checked it (basemap.json in the workspace). */
  basemapCustom: TileSource | null;
  /** Why basemap tiles are missing (offline, a failing server): a quiet note on the map; null when they come. */
  basemapNote: string | null;
  /** A request to move the camera to [west, south, east, north]; a new object each time, so equal bounds still move. */
  focus: { bounds: readonly [number, number, number, number] } | null;
}

export const appStore = createStore<AppState>({
  info: null,
  map: null,
  result: null,
  scene: null,
  opening: null,
  opacity: 0.85,
  lczVisible: true,
  sceneVisible: true,
  overlay: { visible: false, measure: 'maxProbability', threshold: 0.5, style: 'dim' },
  hidden: new Set<number>(),
  inspect: null,
  probe: null,
  cursor: null,
  error: null,
  jobs: [],
  dialog: null,
  view: 'map',
  tab: 'layers',
  guideOpen: false,
  dockOpen: false,
  notice: null,
  camera: null,
  placement: null,
  focus: null,
  basemap: 'osm',
  basemapCustom: null,
  basemapNote: null,
});

export function useApp<T>(selector: (state: AppState) => T): T {
  return useStoreSlice(appStore, selector);
}
