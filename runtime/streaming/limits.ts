// Response streaming limits (PROTOCOL §2.3).

/** Lambda's maximum streamed response: 200 MB (MiB, as Lambda counts its payload limits). */
export const MAX_STREAMED_RESPONSE_BYTES = 200 * 1024 * 1024;

export const HTTP_INTEGRATION_CONTENT_TYPE = "application/vnd.awslambda.http-integration-response";
export const DEFAULT_STREAM_CONTENT_TYPE = "application/octet-stream";
/** Separates the HTTP-integration prelude from the body. */
export const PRELUDE_DELIMITER = new Uint8Array(8);
