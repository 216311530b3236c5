/**
 * JPEG 2000 decoding through OpenJPEG compiled to WebAssembly (@cornerstonejs/codec-openjpeg, its decoder-only build).
 * The module is loaded once per process, with createRequire (the package is CommonJS emscripten output that finds its
 * .wasm beside itself; handing it the bytes ourselves keeps that working when the app is bundled). OpenJPEG's own
 * messages ("[INFO] Tile 1/9 has been decoded") are silenced: they would land in the CLI's standard output.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { UserError } from '../../../shared/errors';

interface J2KDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  decodeSubResolution(level: number, layer: number): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
  delete(): void;
}

interface OpenJpegModule {
  J2KDecoder: new () => J2KDecoder;
}

type Factory = (options: { print: () => void; printErr: () => void; wasmBinary: Uint8Array }) => Promise<OpenJpegModule>;

let loaded: Promise<OpenJpegModule> | null = null;

function openJpeg(): Promise<OpenJpegModule> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const factory = require('@cornerstonejs/codec-openjpeg/decodewasmjs') as Factory;
    const wasmBinary = readFileSync(require.resolve('@cornerstonejs/codec-openjpeg/decodewasm'));
    return factory({ print: () => {}, printErr: () => {}, wasmBinary });
  })();
  return loaded;
}

export type DecodedSamples = Uint8Array | Uint16Array | Int16Array;

/** One decoded single-component image: its samples row by row. */
export interface DecodedTile {
  width: number;
  height: number;
  samples: DecodedSamples;
}

/**
 * Decodes a single-component codestream, at full resolution (`level` 0) or reduced 2^level times. `size` is the
 * image's size at that level (the decoder's own frame info reports the full size for reduced decodes), `label` names
 * the file for a damaged stream.
 */
export async function decodeJ2k(codestream: Uint8Array, level: number, size: { width: number; height: number }, label: string): Promise<DecodedTile> {
  const lib = await openJpeg();
  const decoder = new lib.J2KDecoder();
  try {
    decoder.getEncodedBuffer(codestream.length).set(codestream);
    try {
      if (level > 0) decoder.decodeSubResolution(level, 0);
      else decoder.decode();
    } catch (error) {
      throw new UserError(`holds JPEG 2000 data that cannot be decoded (${error instanceof Error ? error.message : String(error)}); the file is damaged: download the product again`, label);
    }
    const info = decoder.getFrameInfo();
    if (info.componentCount !== 1) throw new UserError(`has ${info.componentCount} components; a band file holds one`, label);
    const decoded = decoder.getDecodedBuffer();
    const bytes = info.bitsPerSample <= 8 ? 1 : 2;
    if (decoded.length !== size.width * size.height * bytes) {
      throw new UserError(`decoded to ${decoded.length} bytes where ${size.width} x ${size.height} samples were expected; the file is damaged`, label);
    }
    // Copied out: the decoder's buffer lives in the wasm heap, reused by the next decode.
    const copy = decoded.slice().buffer;
    const samples = bytes === 1 ? new Uint8Array(copy) : info.isSigned ? new Int16Array(copy) : new Uint16Array(copy);
    return { width: size.width, height: size.height, samples };
  } finally {
    decoder.delete();
  }
}
