import { Transform, type TransformCallback } from "node:stream";
import { Decompress } from "fzstd";

/**
 * A zstd decompressing stream for runtimes whose zlib has none (Node 20): fzstd, pure JavaScript, fed
 * chunk by chunk so the body limit downstream still stops a bomb early.
 */
export function createZstdFallback(): Transform {
  let decoder: Decompress | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        decoder ??= new Decompress((data) => {
          this.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
        });
        decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        callback();
      } catch (error) {
        callback(error instanceof Error ? error : new Error(String(error)));
      }
    },
    flush(callback: TransformCallback) {
      try {
        decoder?.push(new Uint8Array(0), true);
        callback();
      } catch (error) {
        callback(error instanceof Error ? error : new Error(String(error)));
      }
    },
  });
}
