// A Function-URL-like HTTP front: any request becomes a payload 2.0 event; the answer is what a
// Function URL would send. A streaming function's HTTP-integration prelude (status, headers,
// cookies, 8 NULs) is decoded and the body streamed live; a buffered result is read as a
// payload 2.0 response object, or sent as JSON when it is not one.
import { createServer, type Server, type ServerResponse } from "node:http";
import { HTTP_INTEGRATION_CONTENT_TYPE } from "../streaming/limits.ts";
import { toFunctionUrlEvent } from "./function-url-event.ts";
import type { InvokeResult, InvokeTarget } from "./invoke-types.ts";
import { callerGone, type ServerSettings } from "./invoke-server.ts";
import { readBody } from "./read-body.ts";
import { guarded } from "./request-guard.ts";
import { flushHeadAfterThisTurn, writeToCaller, type ResponseSink } from "./response-sink.ts";
import { applyConnectionCap, serverOptions } from "./server-limits.ts";

/** A prelude larger than this is not a prelude (API Gateway allows 16 KB). */
const MAX_PRELUDE_BYTES = 64 * 1024;
const DELIMITER = Buffer.alloc(8);
/** A Function URL's request, as the event Lambda builds from it: Invoke's 6 MB. */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024;

interface Prelude {
  statusCode?: number;
  headers?: Record<string, string>;
  cookies?: string[];
}

export function createFunctionUrlServer(target: InvokeTarget, options: ServerSettings): Server {
  const server = createServer(
    serverOptions(options.limits),
    guarded("function URL", async (req, res, notes) => {
      const { body, size } = await readBody(req, MAX_REQUEST_BYTES);
      // Lambda refuses an event over Invoke's limit before running anything; so does the front,
      // counting the event it builds (a binary body grows by a third in base64).
      const payload = size > MAX_REQUEST_BYTES ? undefined : Buffer.from(JSON.stringify(toFunctionUrlEvent(req, body)));
      if (payload === undefined || payload.length > MAX_REQUEST_BYTES) {
        options.log(`tslambda emulator: function URL: ${req.method} ${req.url} refused, the request (${size} bytes) makes an event over ${MAX_REQUEST_BYTES} bytes`);
        return sendJsonTo(res, 413, { Message: "Request Entity Too Large" });
      }
      if (target.full) return sendJsonTo(res, 429, { Message: "Rate Exceeded." });
      const sink = new FunctionUrlSink(res);
      const request = { payload, contentType: "application/json", traceId: undefined, clientContext: undefined, tenantId: undefined, signal: callerGone(res) };
      const result = await target.invoke(request, sink);
      if (result.kind === "cancelled") return;
      notes.requestId = result.requestId;
      if (res.destroyed) options.log(`tslambda emulator: ${result.requestId} the caller went away; the result was discarded`);
      sink.complete(result);
    }, options.log),
  );
  applyConnectionCap(server, options.limits);
  return server;
}

function sendJsonTo(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

class FunctionUrlSink implements ResponseSink {
  readonly #res: ServerResponse;
  #integration = false;
  #headersSent = false;
  /** Body bytes went to the caller (the head with them). */
  #bodyStarted = false;
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  constructor(res: ServerResponse) {
    this.#res = res;
  }

  begin(_requestId: string, contentType: string): void {
    this.#integration = contentType.startsWith(HTTP_INTEGRATION_CONTENT_TYPE);
    if (!this.#integration) this.#sendHead({ statusCode: 200, headers: { "content-type": contentType } });
  }

  write(pieces: readonly Buffer[]): Promise<void> | void {
    // Pieces held for the prelude are copied into one buffer, so only a body piece is released.
    let owned: readonly Buffer[] = pieces;
    if (!this.#headersSent) {
      owned = [];
      for (const piece of pieces) {
        this.#pending.push(piece);
        this.#pendingBytes += piece.length;
      }
      const buffered = Buffer.concat(this.#pending);
      const end = buffered.indexOf(DELIMITER);
      if (end < 0) {
        if (this.#pendingBytes > MAX_PRELUDE_BYTES) this.#fail("the streamed response has no HTTP-integration prelude");
        return;
      }
      this.#pending = [];
      let prelude: Prelude;
      try {
        prelude = JSON.parse(buffered.subarray(0, end).toString("utf8")) as Prelude;
      } catch {
        this.#fail("the HTTP-integration prelude is not JSON");
        return;
      }
      this.#sendHead(prelude);
      const rest = buffered.subarray(end + DELIMITER.length);
      if (rest.length === 0) return;
      pieces = [rest];
    }
    this.#bodyStarted = true;
    return writeToCaller(this.#res, pieces, owned);
  }

  complete(result: InvokeResult): void {
    const res = this.#res;
    if (result.kind === "cancelled") return;
    if (res.destroyed || res.writableEnded) return;
    if (result.kind === "function-error" || result.kind === "service-error") {
      // Mid-stream the status is gone: cut the response so the client sees it incomplete.
      if (this.#headersSent) res.destroy();
      else this.#sendJson(502, { Message: "Internal Server Error" });
      return;
    }
    if (result.streamed) {
      if (!this.#headersSent) this.#sendHead({ statusCode: 200 });
      res.end();
      return;
    }
    this.#sendBuffered(result.body, result.contentType);
  }

  /** A buffered result: a payload 2.0 response object, or any other JSON as the body. */
  #sendBuffered(body: Buffer, contentType: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      this.#sendHead({ statusCode: 200, headers: { "content-type": contentType } });
      this.#res.end(body);
      return;
    }
    if (parsed !== null && typeof parsed === "object" && "statusCode" in parsed) {
      const response = parsed as Prelude & { body?: string; isBase64Encoded?: boolean };
      this.#sendHead(response);
      this.#res.end(response.body === undefined ? "" : Buffer.from(response.body, response.isBase64Encoded ? "base64" : "utf8"));
      return;
    }
    this.#sendHead({ statusCode: 200, headers: { "content-type": "application/json" } });
    this.#res.end(body);
  }

  #sendHead(prelude: Prelude): void {
    if (this.#headersSent) return;
    this.#headersSent = true;
    const headers: Record<string, string | string[]> = { ...prelude.headers };
    if (prelude.cookies && prelude.cookies.length > 0) headers["set-cookie"] = prelude.cookies;
    this.#res.writeHead(prelude.statusCode ?? 200, headers);
    flushHeadAfterThisTurn(this.#res, () => this.#bodyStarted);
  }

  #sendJson(status: number, body: object): void {
    this.#headersSent = true;
    sendJsonTo(this.#res, status, body);
  }

  #fail(reason: string): void {
    this.#pending = [];
    this.#sendJson(502, { Message: "Internal Server Error", reason });
  }
}
