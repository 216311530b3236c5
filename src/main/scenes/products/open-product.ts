/**
 * Tells a satellite product from a GeoTIFF, wherever a scene is taken (Open, a drop, lcz info, lcz map --scene): a
 * .zip or folder holding a Sentinel-2 SAFE (MTD_MSIL2A.xml / MTD_MSIL1C.xml), a .tar or folder holding a Landsat
 * Collection 2 product (*_MTL.txt), or those metadata files named themselves. Anything else is not a product, and the
 * GeoTIFF reader takes it (and says what it is when it is not a GeoTIFF either).
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { LonLatBox } from '../../../shared/contract/scenes';
import { UserError } from '../../../shared/errors';
import { aoiWindow, cropScene } from '../aoi';
import { openFolderFiles } from './folder-files';
import { landsatLayout } from './landsat-c2';
import type { ProductFiles } from './product-files';
import type { ProductLayout } from './product-layout';
import { ProductSceneSource } from './product-scene';
import { sentinel2Layout } from './sentinel2-safe';
import { openTarFiles } from './tar-files';
import { openZipFiles } from './zip-files';
import { openRegularFile } from '../../files/input-file';

const SAFE_METADATA = /(?:^|\/)MTD_(?:MSI|SAF)L(\w+)\.xml$/;
const LANDSAT_METADATA = /(?:^|\/)[^/]*_MTL\.txt$/;
const NOT_A_PRODUCT = 'LCZ Studio opens a GeoTIFF, a Sentinel-2 product (.zip or .SAFE folder) or a Landsat Collection 2 product (.tar or folder)';

type Container = 'zip' | 'tar' | 'folder';

/** What kind of container `path` is, from its first bytes (or its being a folder); null for anything else. */
async function containerOf(path: string): Promise<{ container: Container; root: string } | null> {
  const info = await stat(path).catch(() => null);
  if (!info) return null;
  if (info.isDirectory()) {
    // Only the folder's own entries are looked at first: a folder named by mistake is never walked.
    const entries = await readdir(path);
    if (entries.some((e) => SAFE_METADATA.test(e) || LANDSAT_METADATA.test(e))) return { container: 'folder', root: path };
    const safes = entries.filter((e) => /\.SAFE$/i.test(e));
    if (safes.length === 1) return { container: 'folder', root: join(path, safes[0]!) };
    throw new UserError(`is a folder, not a scene; ${NOT_A_PRODUCT}`, path);
  }
  if (!info.isFile()) return null;
  // The product's metadata named itself: the product is its folder.
  if (SAFE_METADATA.test(basename(path)) || LANDSAT_METADATA.test(basename(path))) return { container: 'folder', root: dirname(path) };
  const { handle } = await openRegularFile(path);
  try {
    const head = new Uint8Array(512);
    const { bytesRead } = await handle.read(head, 0, 512, 0);
    if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6)) return { container: 'zip', root: path };
    if (bytesRead >= 262 && new TextDecoder().decode(head.subarray(257, 262)) === 'ustar') return { container: 'tar', root: path };
    if (head[0] === 0x1f && head[1] === 0x8b && /\.(tar\.gz|tgz)$/i.test(path)) return { container: 'tar', root: path };
    return null;
  } finally {
    await handle.close();
  }
}

function openContainer(container: Container, root: string): Promise<ProductFiles> {
  if (container === 'zip') return openZipFiles(root);
  if (container === 'tar') return openTarFiles(root);
  return openFolderFiles(root);
}

/** The product's layout from its files: which product it is, by the metadata it holds. */
async function layoutOf(files: ProductFiles, container: Container): Promise<ProductLayout> {
  const safe = files.names.filter((n) => SAFE_METADATA.test(n));
  const landsat = files.names.filter((n) => LANDSAT_METADATA.test(n));
  if (safe.length + landsat.length > 1) {
    throw new UserError(`holds ${safe.length + landsat.length} products (${[...safe, ...landsat].slice(0, 3).join(', ')}...); open one of them`, files.path);
  }
  if (safe.length === 1) {
    const level = SAFE_METADATA.exec(safe[0]!)![1]!;
    if (level !== '2A' && level !== '1C') {
      throw new UserError(`is a Sentinel-2 Level-${level} product; LCZ Studio reads Level-2A (surface reflectance) and Level-1C (top of atmosphere) products`, files.path);
    }
    return sentinel2Layout(files, safe[0]!);
  }
  if (landsat.length === 1) return landsatLayout(files, landsat[0]!);
  const what = { zip: 'a zip archive but not a Sentinel-2 product (no MTD_MSIL2A.xml or MTD_MSIL1C.xml inside)', tar: 'a tar archive but not a Landsat Collection 2 product (no *_MTL.txt inside)', folder: 'a folder, not a scene' }[container];
  throw new UserError(`is ${what}; ${NOT_A_PRODUCT}`, files.path);
}

/** The product at `path` as a layout (the whole product); null when `path` is not a product container. The caller closes layout.files. */
export async function openProductLayout(path: string): Promise<ProductLayout | null> {
  const found = await containerOf(path);
  if (!found) return null;
  const files = await openContainer(found.container, found.root);
  try {
    return await layoutOf(files, found.container);
  } catch (error) {
    await files.close();
    throw error;
  }
}

/** The product at `path` as a scene source, cropped to `aoi`; null when `path` is not a product. */
export async function openProductSource(path: string, aoi: LonLatBox | null, signal?: AbortSignal): Promise<ProductSceneSource | null> {
  signal?.throwIfAborted();
  const layout = await openProductLayout(path);
  if (!layout) return null;
  try {
    const full = layout.scene;
    const window = aoi ? aoiWindow(full, aoi) : { x: 0, y: 0, width: full.width, height: full.height };
    return new ProductSceneSource(layout, aoi ? cropScene(full, window) : full, window);
  } catch (error) {
    await layout.files.close();
    throw error;
  }
}
