import { getDecoder, type GeoTIFFImage, type Pool } from 'geotiff';
import { undoBigEndianPredictor } from './big-endian-predictor';
import { COMPRESSION_JPEG, PHOTOMETRIC_YCBCR, ycbcrToRgb } from './ycbcr';

type DecoderParameters = Parameters<typeof getDecoder>[1];
type BlockFix = { predictor?: number; fix: (block: ArrayBufferLike, parameters: DecoderParameters) => void };

/**
 * A stand-in for geotiff.js's decoder pool (readRasters accepts any object with bindParameters) that fixes what
 * geotiff.js 3.0.5 decodes differently from GDAL: Predictor 2 on big-endian files, and JPEG-compressed YCbCr read
 * as raw YCbCr instead of RGB. Undefined when the image needs neither, so geotiff.js decodes as usual. Passing it per
 * read keeps geotiff.js's global decoder registry untouched for other code in the process.
 */
export async function decoderPoolFor(image: GeoTIFFImage): Promise<Pool | undefined> {
  const fix = (await bigEndianPredictorFix(image)) ?? (await ycbcrFix(image));
  if (!fix) return undefined;
  const pool = {
    bindParameters(compression: number, parameters: DecoderParameters) {
      return {
        async decode(buffer: ArrayBufferLike): Promise<ArrayBufferLike> {
          const decoder = await getDecoder(compression, fix.predictor === undefined ? parameters : { ...parameters, predictor: fix.predictor });
          const block = await decoder.decode(buffer);
          fix.fix(block, parameters);
          return block;
        },
      };
    },
  };
  return pool as unknown as Pool;
}

async function bigEndianPredictorFix(image: GeoTIFFImage): Promise<BlockFix | undefined> {
  const predictor = Number((await image.getFileDirectory().loadValue('Predictor')) ?? 1);
  const bits = image.getBitsPerSample();
  if (image.littleEndian || predictor !== 2 || bits <= 8) return undefined;
  const bytesPerSample = bits / 8;
  const stride = image.planarConfiguration === 2 ? 1 : image.getSamplesPerPixel();
  return { predictor: 1, fix: (block, p) => undoBigEndianPredictor(block, p.tileWidth * stride, stride, bytesPerSample) };
}

async function ycbcrFix(image: GeoTIFFImage): Promise<BlockFix | undefined> {
  const fd = image.getFileDirectory();
  const photometric = Number(await fd.loadValue('PhotometricInterpretation'));
  const compression = Number((await fd.loadValue('Compression')) ?? 1);
  // JPEG YCbCr in TIFF is always three 8-bit samples, pixel-interleaved, the chroma upsampled by the JPEG decoder.
  if (photometric !== PHOTOMETRIC_YCBCR || compression !== COMPRESSION_JPEG || image.getSamplesPerPixel() !== 3 || image.planarConfiguration === 2) return undefined;
  return { fix: (block) => ycbcrToRgb(block) };
}
