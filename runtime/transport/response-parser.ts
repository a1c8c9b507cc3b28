// An HTTP/1.1 response parser for the one server the runtime talks to, the Runtime API on
// loopback: status line, headers, then a body framed by Content-Length, chunked encoding (with
// trailers) or the connection's end. Fed the socket's chunks as they come, in a buffer the socket
// reuses: whatever is kept past pushResponse() is copied, and a Content-Length body is copied
// once. The header lines are read by header-lines.ts.
// Functions every invoke runs are parenthesised, `(function name() {})`, so V8 compiles them
// with the module at init instead of inside the first invoke (README, "The first invoke").
import { unpooled, unpooledCopy, unpooledJoin } from "../unpooled.ts";
import { malformedLine, readHeaderLines } from "./header-lines.ts";
import type { HeaderValue, TransportResponse } from "./transport.ts";

/** Headers larger than this are refused, as AWS's runtime allows (--max-http-header-size=81920). */
export const MAX_HEADER_BYTES = 81_920;

/** A response the parser cannot read; `code` follows llhttp's names (what node:http reports). */
export class ParseError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

type Phase = "head" | "length" | "chunk-size" | "chunk-data" | "chunk-end" | "trailers" | "until-close" | "done";

const CRLF = 0x0a;
/** Bytes searched for the end of the head before the whole read: Runtime API heads are far smaller. */
const HEAD_WINDOW = 8 * 1024;

/**
 * One answer being read: a record moved on by the functions below rather than a class, because
 * V8 compiles class methods at their first call whatever their syntax.
 */
export interface ResponseParser {
  phase: Phase;
  /** Bytes of an unfinished line or head, kept until the next read completes them. */
  pending: Buffer | undefined;
  status: number;
  headers: Record<string, HeaderValue>;
  /** True when the server may send the next response on this connection. */
  keepAlive: boolean;
  /** A Content-Length body, filled as it comes. */
  body: Buffer | undefined;
  filled: number;
  /** Chunked or close-framed body pieces. */
  chunks: Buffer[];
  /** Bytes still to come of the body or of the current chunk. */
  remaining: number;
}

/** A parser's headers until its head is read (frame() replaces them): nothing to allocate per answer. */
const NO_HEADERS: Record<string, HeaderValue> = Object.freeze({});

export const newResponseParser = ((): ResponseParser => ({
  phase: "head",
  pending: undefined,
  status: 0,
  headers: NO_HEADERS,
  keepAlive: true,
  body: undefined,
  filled: 0,
  chunks: [],
  remaining: 0,
}));

/** The headers, once read (for a body cut short). */
export const headersRead = ((parser: ResponseParser): Record<string, HeaderValue> | undefined => (parser.phase === "head" ? undefined : parser.headers));

/**
 * Feeds `data[0, length)`; returns the response once complete. Bytes past its end are an error
 * (no pipelining). `data` may be refilled after the call: what is kept is copied.
 */
export const pushResponse = (function pushResponse(parser: ResponseParser, data: Buffer, length = data.length): TransportResponse | undefined {
  let buf = data;
  let end = length;
  if (parser.pending !== undefined) {
    buf = unpooledJoin([parser.pending, data.subarray(0, length)]);
    end = buf.length;
    parser.pending = undefined;
  }
  let pos = 0;
  while (pos < end) {
    const consumed = step(parser, buf, pos, end);
    if (consumed < 0) {
      if (parser.phase === "head" && end - pos > MAX_HEADER_BYTES) fail("HPE_HEADER_OVERFLOW", "the answer's headers are too large");
      parser.pending = unpooledCopy(buf.subarray(pos, end));
      return undefined;
    }
    pos += consumed;
    if (parser.phase === "done") {
      if (pos < end) fail("HPE_UNEXPECTED_CONTENT_LENGTH", "bytes past the end of the answer");
      return response(parser);
    }
  }
  return parser.phase === "done" ? response(parser) : undefined;
});

/** The connection ended: a body framed by the close is complete, anything else was cut. */
export function endResponse(parser: ResponseParser): TransportResponse | undefined {
  if (parser.phase !== "until-close") return undefined;
  parser.phase = "done";
  return response(parser);
}

const response = (function response(parser: ResponseParser): TransportResponse {
  const { chunks } = parser;
  const body = parser.body ?? (chunks.length === 1 ? chunks[0]! : unpooledJoin(chunks));
  return { status: parser.status, headers: parser.headers, body };
});

/** Consumes from `buf[pos, end)`; -1 when it needs more bytes first. */
const step = (function step(parser: ResponseParser, buf: Buffer, pos: number, end: number): number {
  // The Runtime API answers with a head and a Content-Length body; the other framings are
  // handled apart, so the first invoke runs only this much.
  if (parser.phase === "head") return readHead(parser, buf, pos, end);
  if (parser.phase !== "length") return stepOther(parser, buf, pos, end);
  const take = Math.min(parser.remaining, end - pos);
  // A view, not buf.subarray(): plain Uint8Array work stays in V8's builtins.
  parser.body!.set(new Uint8Array(buf.buffer, buf.byteOffset + pos, take), parser.filled);
  parser.filled += take;
  parser.remaining -= take;
  if (parser.remaining === 0) parser.phase = "done";
  return take;
});

/** Chunked and close-framed bodies, trailers, and bytes after the end. */
function stepOther(parser: ResponseParser, buf: Buffer, pos: number, end: number): number {
  switch (parser.phase) {
    case "until-close":
      parser.chunks.push(unpooledCopy(buf.subarray(pos, end)));
      return end - pos;
    case "chunk-size": {
      const eol = lineEnd(buf, pos, end);
      if (eol < 0) return end - pos > 1024 ? fail("HPE_INVALID_CHUNK_SIZE", "chunk size line too long") : -1;
      const sizeText = buf.toString("latin1", pos, eol).replace(/[;\r].*$/s, "").trim();
      if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) fail("HPE_INVALID_CHUNK_SIZE", `invalid chunk size ${JSON.stringify(sizeText)}`);
      parser.remaining = Number.parseInt(sizeText, 16);
      parser.phase = parser.remaining === 0 ? "trailers" : "chunk-data";
      return eol + 1 - pos;
    }
    case "chunk-data": {
      const take = Math.min(parser.remaining, end - pos);
      parser.chunks.push(unpooledCopy(buf.subarray(pos, pos + take)));
      parser.remaining -= take;
      if (parser.remaining === 0) parser.phase = "chunk-end";
      return take;
    }
    case "chunk-end": {
      if (end - pos < 2) return -1;
      if (buf[pos] !== 0x0d || buf[pos + 1] !== CRLF) fail("HPE_STRICT", "chunk data not followed by CRLF");
      parser.phase = "chunk-size";
      return 2;
    }
    case "trailers": {
      // Trailers are read past and dropped: nothing the runtime receives carries any.
      const eol = lineEnd(buf, pos, end);
      if (eol < 0) return end - pos > MAX_HEADER_BYTES ? fail("HPE_HEADER_OVERFLOW", "trailers too large") : -1;
      if (eol === pos || (eol === pos + 1 && buf[pos] === 0x0d)) parser.phase = "done";
      return eol + 1 - pos;
    }
    default:
      return fail("HPE_UNEXPECTED_CONTENT_LENGTH", "bytes past the end of the answer");
  }
}

// Kept small, with the error paths out of line: it runs once per answer and V8 optimises it
// early; inlined message building made that one compile cost tens of milliseconds of CPU and
// megabytes of compiler memory.
const readHead = (function readHead(parser: ResponseParser, buf: Buffer, pos: number, end: number): number {
  // Searched as a string: the head is read as one anyway, and String#indexOf is a V8 builtin
  // where Buffer#indexOf compiles a chain of JavaScript on the first invoke.
  // A large event's first read holds 64 KiB of body: look in the first few KiB before all of it.
  const limit = Math.min(end, pos + MAX_HEADER_BYTES + 4);
  let text = buf.toString("latin1", pos, Math.min(limit, pos + HEAD_WINDOW));
  let at = text.indexOf("\r\n\r\n");
  if (at < 0 && pos + text.length < limit) at = (text = buf.toString("latin1", pos, limit)).indexOf("\r\n\r\n");
  if (at < 0) return -1;
  const head = text.slice(0, at);
  // Where the status line ends, found once for both readers of the head.
  const crlf = head.indexOf("\r\n");
  const statusLineEnd = crlf < 0 ? head.length : crlf;
  const status = statusOf(head, statusLineEnd);
  if (status < 0) badStatusLine(head, statusLineEnd);
  const headers = readHeaderLines(head, statusLineEnd) ?? badHeaderLine(head);
  // 1xx answers (100 Continue) come before the real one: skip them.
  if (status >= 200) frame(parser, status, headers, head.charCodeAt(7) === 0x31);
  return at + 4;
});

/** Takes the answer's status and headers, and how its body is framed. */
const frame = (function frame(parser: ResponseParser, status: number, headers: Record<string, HeaderValue>, http11: boolean): void {
  parser.status = status;
  parser.headers = headers;
  const connection = headers["connection"];
  parser.keepAlive = connection === undefined ? http11 : keepsAlive(String(connection), http11);
  const encoding = headers["transfer-encoding"];
  const length = headers["content-length"];
  if (encoding !== undefined && /\bchunked\s*$/i.test(String(encoding))) {
    parser.phase = "chunk-size";
  } else if (length !== undefined) {
    parser.remaining = contentLength(length);
    parser.body = unpooled(parser.remaining);
    parser.phase = parser.remaining === 0 ? "done" : "length";
  } else if (status === 204 || status === 304) {
    parser.phase = "done";
  } else {
    parser.keepAlive = false;
    parser.phase = "until-close";
  }
});

/** The index of the next LF in `buf[pos, end)`; -1 when there is none. */
function lineEnd(buf: Buffer, pos: number, end: number): number {
  const at = buf.indexOf(CRLF, pos);
  return at < 0 || at >= end ? -1 : at;
}

/** Whether a Connection header lets the connection serve the next request. */
const keepsAlive = (function keepsAlive(connection: string, http11: boolean): boolean {
  const lower = connection.toLowerCase();
  if (lower === "keep-alive") return true;
  if (lower === "close") return false;
  const tokens = lower.split(",").map((token) => token.trim());
  return http11 ? !tokens.includes("close") : tokens.includes("keep-alive");
});

/** A Content-Length value: 1 to 15 digits. */
const contentLength = (function contentLength(value: HeaderValue): number {
  if (typeof value !== "string" || value.length === 0 || value.length > 15) badContentLength(value);
  let length = 0;
  for (let i = 0; i < value.length; i++) {
    const digit = value.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) badContentLength(value);
    length = length * 10 + digit;
  }
  return length;
});

function badStatusLine(head: string, statusLineEnd: number): never {
  fail("HPE_INVALID_CONSTANT", `not an HTTP/1.x status line: ${JSON.stringify(head.slice(0, Math.min(statusLineEnd, 80)))}`);
}

function badHeaderLine(head: string): never {
  fail("HPE_INVALID_HEADER_TOKEN", `malformed header line: ${JSON.stringify(malformedLine(head).slice(0, 80))}`);
}

function badContentLength(value: HeaderValue): never {
  fail("HPE_INVALID_CONTENT_LENGTH", `invalid content-length ${JSON.stringify(value)}`);
}

/** The status of a first line `HTTP/1.0|1 NNN[ reason]` (ending at `eol`); -1 when it is not one. */
const statusOf = (function statusOf(head: string, eol: number): number {
  if (eol < 12 || !head.startsWith("HTTP/1.") || (head[7] !== "0" && head[7] !== "1") || head[8] !== " " || (eol > 12 && head[12] !== " ")) return -1;
  let status = 0;
  for (let i = 9; i < 12; i++) {
    const digit = head.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    status = status * 10 + digit;
  }
  return status;
});

function fail(code: string, message: string): never {
  throw new ParseError(code, message);
}
