/**
 * HEIC (HEVC-coded HEIF, what iPhones take) decoded with libheif compiled to WebAssembly
 * (`heic-decode` over `libheif-js`): sharp's bundled libvips reads the HEIF container but carries no
 * HEVC decoder. The wasm decoder runs synchronously, ~1 s for a 12-megapixel photo, so it runs in a
 * worker thread of its own and the request thread keeps serving pages meanwhile.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** A decode past this is a broken or hostile file, not a photo: the worker is stopped. */
const HEIC_DECODE_LIMIT_MS = 30_000;

export interface DecodedHeic {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, already turned by the HEIF's own orientation (`irot`/`imir`). */
  data: Buffer;
}

/**
 * NOTE: the worker's code is a string and `heic-decode` is found by its absolute path, so the
 * worker needs no file of its own in the Astro build: the module is loaded from node_modules at
 * run time, like sharp.
 */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const decode = require(workerData.decoderPath);
decode({ buffer: workerData.input }).then(
  ({ width, height, data }) => parentPort.postMessage({ width, height, data }, [data.buffer]),
  (error) => parentPort.postMessage({ error: String(error && error.message || error) }),
);
`;

/**
 * Decodes the primary picture of a HEIC file in a worker thread. libheif applies the HEIF's
 * transformations, so the pixels come back upright; the EXIF orientation inside a HEIF is only a
 * copy of them and must not be applied again. Call it only after the header's pixel count was checked.
 * Rejects when the file cannot be decoded or takes longer than HEIC_DECODE_LIMIT_MS.
 */
export function decodeHeic(input: Buffer): Promise<DecodedHeic> {
  const decoderPath = createRequire(import.meta.url).resolve('heic-decode');
  const worker = new Worker(WORKER_CODE, { eval: true, workerData: { decoderPath, input } });
  return new Promise<DecodedHeic>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`HEIC decode took over ${HEIC_DECODE_LIMIT_MS} ms`)), HEIC_DECODE_LIMIT_MS);
    worker.once('message', (result: { width: number; height: number; data: Uint8ClampedArray } | { error: string }) => {
      clearTimeout(timer);
      if ('error' in result) reject(new Error('HEIC decode failed', { cause: result.error }));
      else
        resolve({
          width: result.width,
          height: result.height,
          data: Buffer.from(result.data.buffer, result.data.byteOffset, result.data.byteLength),
        });
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error('HEIC decode failed', { cause: error }));
    });
    worker.once('exit', () => {
      clearTimeout(timer);
      reject(new Error('HEIC decoder stopped without an answer'));
    });
  }).finally(() => void worker.terminate());
}
