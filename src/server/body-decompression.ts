import type { IncomingHttpHeaders } from "node:http";
import { type Readable, Transform, type TransformCallback } from "node:stream";
import zlib from "node:zlib";
import type { FastifyInstance, RequestPayload } from "fastify";
import { AgateError, bodyTooLarge, invalidRequest } from "../errors.js";
import { createZstdFallback } from "./zstd-decompress.js";

type DecoderFactory = () => Transform;

/** zlib has zstd from Node 22.15 / 23.8 on; on Node 20 a pure-JavaScript decoder (fzstd) stands in. */
const createZstdDecompress = (zlib as { createZstdDecompress?: DecoderFactory }).createZstdDecompress;

const DECODERS: ReadonlyMap<string, DecoderFactory> = new Map<string, DecoderFactory>([
  ["gzip", () => zlib.createGunzip()],
  ["x-gzip", () => zlib.createGunzip()],
  ["deflate", () => zlib.createInflate()],
  ["br", () => zlib.createBrotliDecompress()],
  ["zstd", createZstdDecompress ?? createZstdFallback],
]);

/**
 * Accepts request bodies sent with `Content-Encoding: gzip | deflate | br | zstd` (Codex compresses large
 * requests): a preParsing hook hands the body parser the decompressed stream. The body limit applies to the
 * decompressed bytes (413, so a zip bomb stops early); a corrupt body is a 400; an encoding agate cannot
 * read is a 415.
 */
export function registerBodyDecompression(app: FastifyInstance, bodyLimit: number): void {
  // Callback style: an async hook would cost a promise on every request, compressed or not.
  app.addHook("preParsing", (request, _reply, payload, done) => {
    const header = request.headers["content-encoding"];
    if (header === undefined) return done(null, payload);
    try {
      const encoding = contentEncoding(header);
      if (encoding === undefined || !hasBody(request.headers)) return done(null, payload);
      done(null, decompressed(payload, encoding, decoderFor(encoding), bodyLimit));
    } catch (error) {
      done(error as Error);
    }
  });
}

const hasBody = (headers: IncomingHttpHeaders): boolean =>
  headers["transfer-encoding"] !== undefined || Number(headers["content-length"] ?? 0) > 0;

/** The one coding named by the header, lower-cased; undefined for none or `identity`. */
function contentEncoding(header: string | undefined): string | undefined {
  const encoding = header?.trim().toLowerCase() ?? "";
  if (encoding === "" || encoding === "identity") return undefined;
  if (encoding.includes(",")) {
    throw unsupportedEncoding(
      `Content-Encoding '${header}' stacks several codings; send the body with one of ${supported()}.`,
    );
  }
  return encoding;
}

function decoderFor(encoding: string): Transform {
  const create = DECODERS.get(encoding);
  if (create !== undefined) return create();
  throw unsupportedEncoding(
    `Content-Encoding '${encoding}' is not supported: send the body with one of ${supported()}, or uncompressed.`,
  );
}

const supported = (): string => [...DECODERS.keys()].filter((name) => name !== "x-gzip").join(", ");

const unsupportedEncoding = (message: string) =>
  new AgateError(message, {
    status: 415,
    type: "invalid_request_error",
    code: "unsupported_content_encoding",
  });

/**
 * raw → decoder → a byte-counting stream, which is what the body parser reads. It reports the compressed
 * bytes as `receivedEncodedLength` (fastify checks them against Content-Length) and fails with 413 as soon
 * as the decompressed bytes pass the limit.
 */
function decompressed(raw: Readable, encoding: string, decoder: Transform, limit: number): RequestPayload {
  const body = new LimitedBody(limit);
  raw.on("data", (chunk: Buffer) => {
    body.receivedEncodedLength += chunk.length;
  });
  raw.once("error", (error) => body.destroy(error));
  decoder.once("error", (error) =>
    body.destroy(
      invalidRequest(
        `The request body is not valid ${encoding} data (Content-Encoding: ${encoding}): ${error.message}.`,
        null,
        "invalid_body_encoding",
      ),
    ),
  );
  body.once("close", () => {
    raw.unpipe(decoder);
    decoder.destroy();
  });
  raw.pipe(decoder).pipe(body);
  return body;
}

class LimitedBody extends Transform implements RequestPayload {
  receivedEncodedLength = 0;
  private decodedLength = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.decodedLength += chunk.length;
    if (this.decodedLength > this.limit) callback(bodyTooLarge(this.limit));
    else callback(null, chunk);
  }
}
