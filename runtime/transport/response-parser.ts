// An HTTP/1.1 response parser for the one server the runtime talks to, the Runtime API on
// loopback: status line, headers, then a body framed by Content-Length, chunked encoding (with
// trailers) or the connection's end. Fed the socket's chunks as they come; no allocation per
// header beyond the strings themselves, and a Content-Length body is copied once.
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

export class ResponseParser {
  #phase: Phase = "head";
  #pending: Buffer | undefined;
  #status = 0;
  #headers: Record<string, HeaderValue> = {};
  #keepAlive = true;
  #body: Buffer | undefined;
  #filled = 0;
  #chunks: Buffer[] = [];
  #remaining = 0;

  /** The headers, once read (for a body cut short). */
  get headers(): Record<string, HeaderValue> | undefined {
    return this.#phase === "head" ? undefined : this.#headers;
  }

  /** True when the server may send the next response on this connection. */
  get keepAlive(): boolean {
    return this.#keepAlive;
  }

  /** Feeds bytes; returns the response once complete. Bytes past its end are an error (no pipelining). */
  push(data: Buffer): TransportResponse | undefined {
    let chunk = this.#pending === undefined ? data : Buffer.concat([this.#pending, data]);
    this.#pending = undefined;
    while (chunk.length > 0) {
      const consumed = this.#step(chunk);
      if (consumed < 0) {
        this.#pending = chunk;
        if (this.#phase === "head" && chunk.length > MAX_HEADER_BYTES) throw new ParseError("HPE_HEADER_OVERFLOW", "the answer's headers are too large");
        return undefined;
      }
      chunk = chunk.subarray(consumed);
      if (this.#phase === "done") {
        if (chunk.length > 0) throw new ParseError("HPE_UNEXPECTED_CONTENT_LENGTH", "bytes past the end of the answer");
        return this.#response();
      }
    }
    return this.#phase === "done" ? this.#response() : undefined;
  }

  /** The connection ended: a body framed by the close is complete, anything else was cut. */
  end(): TransportResponse | undefined {
    if (this.#phase !== "until-close") return undefined;
    this.#phase = "done";
    return this.#response();
  }

  #response(): TransportResponse {
    const body = this.#body ?? (this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks));
    return { status: this.#status, headers: this.#headers, body };
  }

  /** Consumes from `chunk`; -1 when it needs more bytes first. */
  #step(chunk: Buffer): number {
    switch (this.#phase) {
      case "head":
        return this.#readHead(chunk);
      case "length": {
        const take = Math.min(this.#remaining, chunk.length);
        chunk.copy(this.#body!, this.#filled, 0, take);
        this.#filled += take;
        this.#remaining -= take;
        if (this.#remaining === 0) this.#phase = "done";
        return take;
      }
      case "until-close":
        this.#chunks.push(chunk);
        return chunk.length;
      case "chunk-size": {
        const eol = chunk.indexOf(CRLF);
        if (eol < 0) return chunk.length > 1024 ? fail("HPE_INVALID_CHUNK_SIZE", "chunk size line too long") : -1;
        const sizeText = chunk.toString("latin1", 0, eol).replace(/[;\r].*$/s, "").trim();
        if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) fail("HPE_INVALID_CHUNK_SIZE", `invalid chunk size ${JSON.stringify(sizeText)}`);
        this.#remaining = Number.parseInt(sizeText, 16);
        this.#phase = this.#remaining === 0 ? "trailers" : "chunk-data";
        return eol + 1;
      }
      case "chunk-data": {
        const take = Math.min(this.#remaining, chunk.length);
        this.#chunks.push(chunk.subarray(0, take));
        this.#remaining -= take;
        if (this.#remaining === 0) this.#phase = "chunk-end";
        return take;
      }
      case "chunk-end": {
        if (chunk.length < 2) return -1;
        if (chunk[0] !== 0x0d || chunk[1] !== CRLF) fail("HPE_STRICT", "chunk data not followed by CRLF");
        this.#phase = "chunk-size";
        return 2;
      }
      case "trailers": {
        // Trailers are read past and dropped: nothing the runtime receives carries any.
        const eol = chunk.indexOf(CRLF);
        if (eol < 0) return chunk.length > MAX_HEADER_BYTES ? fail("HPE_HEADER_OVERFLOW", "trailers too large") : -1;
        if (eol === 0 || (eol === 1 && chunk[0] === 0x0d)) this.#phase = "done";
        return eol + 1;
      }
      case "done":
        return fail("HPE_UNEXPECTED_CONTENT_LENGTH", "bytes past the end of the answer");
    }
  }

  #readHead(chunk: Buffer): number {
    const end = chunk.indexOf("\r\n\r\n", 0, "latin1");
    if (end < 0) return -1;
    if (end > MAX_HEADER_BYTES) fail("HPE_HEADER_OVERFLOW", "the answer's headers are too large");
    const lines = chunk.toString("latin1", 0, end).split("\r\n");
    const statusLine = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/.exec(lines[0] ?? "");
    if (statusLine === null) fail("HPE_INVALID_CONSTANT", `not an HTTP/1.x status line: ${JSON.stringify((lines[0] ?? "").slice(0, 80))}`);
    const status = Number(statusLine![2]);
    const headers: Record<string, HeaderValue> = {};
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(":");
      if (colon <= 0) fail("HPE_INVALID_HEADER_TOKEN", `malformed header line: ${JSON.stringify(line.slice(0, 80))}`);
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      const seen = headers[name];
      if (seen === undefined) headers[name] = name === "set-cookie" ? [value] : value;
      else if (Array.isArray(seen)) seen.push(value);
      else headers[name] = `${seen}, ${value}`;
    }
    // 1xx answers (100 Continue) come before the real one: skip them.
    if (status < 200) return end + 4;
    this.#status = status;
    this.#headers = headers;
    const connection = headers["connection"];
    this.#keepAlive = statusLine![1] === "1" ? !/\bclose\b/i.test(String(connection ?? "")) : /\bkeep-alive\b/i.test(String(connection ?? ""));
    const encoding = headers["transfer-encoding"];
    const length = headers["content-length"];
    if (encoding !== undefined && /\bchunked\s*$/i.test(String(encoding))) {
      this.#phase = "chunk-size";
    } else if (length !== undefined) {
      if (typeof length !== "string" || !/^\d{1,15}$/.test(length)) fail("HPE_INVALID_CONTENT_LENGTH", `invalid content-length ${JSON.stringify(length)}`);
      this.#remaining = Number(length);
      this.#body = Buffer.allocUnsafe(this.#remaining);
      this.#phase = this.#remaining === 0 ? "done" : "length";
    } else if (status === 204 || status === 304) {
      this.#phase = "done";
    } else {
      this.#keepAlive = false;
      this.#phase = "until-close";
    }
    return end + 4;
  }
}

function fail(code: string, message: string): never {
  throw new ParseError(code, message);
}
