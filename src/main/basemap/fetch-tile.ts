import { describeNonImage, tileImageType, type TileContentType } from './tile-image';

/** What one tile request to a server came to. */
export type Fetched =
  | { kind: 'tile'; bytes: Uint8Array; contentType: TileContentType }
  /** The server has no tile there (404, 204): nothing to draw, not a failure. */
  | { kind: 'empty' }
  /** The server could not be reached or gave no usable tile: `message` says which, naming the server. */
  | { kind: 'failed'; message: string; unreachable: boolean };

export interface FetchOptions {
  /** Tile servers ask apps to name themselves (OpenStreetMap's usage policy requires it). */
  userAgent: string;
  timeoutMs: number;
  /** A tile larger than this is not a tile (a server sending a whole file by mistake). */
  maxBytes?: number;
}

const MAX_TILE_BYTES = 4 * 1024 * 1024;

function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  if (cause?.code) return cause.code;
  if ((error as Error).name === 'TimeoutError') return 'no answer in time';
  return error instanceof Error ? error.message : String(error);
}

/** Fetches one tile from `url`; never throws: every way it can go wrong is an answer with a message. */
export async function fetchTile(url: string, options: FetchOptions): Promise<Fetched> {
  const host = new URL(url).host;
  let response: Response;
  try {
    response = await fetch(url, { headers: { 'User-Agent': options.userAgent }, signal: AbortSignal.timeout(options.timeoutMs), redirect: 'follow' });
  } catch (error) {
    return { kind: 'failed', unreachable: true, message: `The tile server ${host} cannot be reached (${reason(error)}).` };
  }
  if (response.status === 404 || response.status === 204) {
    await response.body?.cancel();
    return { kind: 'empty' };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { kind: 'failed', unreachable: false, message: `The tile server ${host} answered ${response.status} ${response.statusText}.`.replace(/ \.$/, '.') };
  }
  const limit = options.maxBytes ?? MAX_TILE_BYTES;
  const declared = Number(response.headers.get('content-length'));
  if (declared > limit) {
    await response.body?.cancel();
    return { kind: 'failed', unreachable: false, message: `The tile server ${host} sent ${declared} bytes for one tile: that is not a tile.` };
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    return { kind: 'failed', unreachable: true, message: `The tile server ${host} stopped sending a tile halfway (${reason(error)}).` };
  }
  const contentType = bytes.length <= limit ? tileImageType(bytes) : null;
  if (!contentType) {
    return { kind: 'failed', unreachable: false, message: `The tile server ${host} sent ${describeNonImage(bytes, response.headers.get('content-type'))} instead of a tile.` };
  }
  return { kind: 'tile', bytes, contentType };
}
