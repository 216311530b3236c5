import type { InspectResult, JobRecord, MapView, OutputOf } from '../../shared/contract';
import { createStore, useStoreSlice } from './store';

export type AppInfo = OutputOf<'app/info'>;

/** What a click on the map found, with where it was. */
export interface InspectState {
  lon: number;
  lat: number;
  result: InspectResult;
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

export interface AppState {
  info: AppInfo | null;
  /** The map on screen; null before the first open completes. */
  map: MapView | null;
  /** Path of the map being opened, while the core reads it. */
  opening: string | null;
  /** LCZ layer opacity, 0-1. */
  opacity: number;
  /** Class values (1-17) the user hid from the legend. */
  hidden: ReadonlySet<number>;
  inspect: InspectState | null;
  /** Cursor position over the map [lon, lat], null when the pointer is elsewhere. */
  cursor: readonly [number, number] | null;
  error: UiError | null;
  /** Jobs of this session, newest first. */
  jobs: readonly JobRecord[];
  dialog: DialogKind;
}

export const appStore = createStore<AppState>({
  info: null,
  map: null,
  opening: null,
  opacity: 0.85,
  hidden: new Set<number>(),
  inspect: null,
  cursor: null,
  error: null,
  jobs: [],
  dialog: null,
});

export function useApp<T>(selector: (state: AppState) => T): T {
  return useStoreSlice(appStore, selector);
}
