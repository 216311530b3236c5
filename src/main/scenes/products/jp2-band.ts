import { UserError } from '../../../shared/errors';
import type { BandSource, DecodedBlock } from './band-source';
import { readJp2Structure, singleTileCodestream, tileBounds, type Jp2Structure } from './jp2-codestream';
import { decodeJ2k } from './jp2-decoder';
import type { ProductFiles } from './product-files';

/** A tile edge at reduced level `level`: JPEG 2000 reduces coordinates on the reference grid by ceil(x / 2^level). */
const reduced = (x: number, level: number) => Math.ceil(x / 2 ** level);

/**
 * A JPEG 2000 band file (a Sentinel-2 B04, SCL...) as a BandSource: its blocks are the codestream's tiles, each decoded
 * alone (jp2-codestream.ts), at full or reduced resolution.
 */
export async function openJp2Band(files: ProductFiles, name: string): Promise<BandSource> {
  const label = files.label(name);
  const structure: Jp2Structure = await readJp2Structure((offset, length) => files.read(name, offset, length), files.size(name), label);
  const { siz } = structure;
  const [component, ...others] = siz.components;
  if (!component || others.length > 0 || component.dx !== 1 || component.dy !== 1) {
    throw new UserError(`has ${siz.components.length} components (or subsampled ones); a band file holds one band at full resolution`, label);
  }
  if (component.precision > 16) throw new UserError(`holds ${component.precision}-bit samples; LCZ Studio reads band files of up to 16 bits`, label);
  const colEdges = [0];
  for (let tx = 0; tx < structure.tilesAcross; tx++) colEdges.push(tileBounds(structure, tx).x1 - siz.x0);
  const rowEdges = [0];
  for (let ty = 0; ty < structure.tilesDown; ty++) rowEdges.push(tileBounds(structure, ty * structure.tilesAcross).y1 - siz.y0);
  return {
    width: siz.x1 - siz.x0,
    height: siz.y1 - siz.y0,
    colEdges,
    rowEdges,
    levels: structure.levels,
    async readBlock(bx: number, by: number, level = 0): Promise<DecodedBlock> {
      const tile = by * structure.tilesAcross + bx;
      const parts = await Promise.all(structure.tileParts[tile]!.map(([offset, length]) => files.read(name, offset, length)));
      const b = tileBounds(structure, tile);
      const size = { width: reduced(b.x1, level) - reduced(b.x0, level), height: reduced(b.y1, level) - reduced(b.y0, level) };
      const decoded = await decodeJ2k(singleTileCodestream(structure, tile, parts), level, size, label);
      return { width: decoded.width, height: decoded.height, samples: decoded.samples };
    },
  };
}
