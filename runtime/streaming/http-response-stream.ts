// HttpResponseStream.from(): the HTTP-integration prelude (status, headers, cookies as JSON, then
// 8 NUL bytes) that Function URLs and API Gateway read before the body (PROTOCOL §2.2).
import { unpooled } from "../unpooled.ts";
import { HTTP_INTEGRATION_CONTENT_TYPE, PRELUDE_DELIMITER } from "./limits.ts";
import type { ResponseStream } from "./response-stream.ts";

export interface HttpResponseMetadata {
  statusCode?: number;
  headers?: Record<string, string>;
  cookies?: string[];
  /** API Gateway only. */
  multiValueHeaders?: Record<string, string[]>;
}

export function encodePrelude(metadata: HttpResponseMetadata): Buffer {
  const prelude = { statusCode: metadata.statusCode ?? 200, headers: metadata.headers ?? {}, cookies: metadata.cookies ?? [], ...(metadata.multiValueHeaders ? { multiValueHeaders: metadata.multiValueHeaders } : {}) };
  const json = JSON.stringify(prelude);
  const length = Buffer.byteLength(json, "utf8");
  const bytes = unpooled(length + PRELUDE_DELIMITER.length);
  bytes.write(json, 0, "utf8");
  bytes.set(PRELUDE_DELIMITER, length);
  return bytes;
}

export const HttpResponseStream = {
  /** Writes the prelude and returns the same stream, ready for the body. */
  from<T extends ResponseStream>(stream: T, metadata: HttpResponseMetadata): T {
    stream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
    stream.write(encodePrelude(metadata));
    return stream;
  },
};
