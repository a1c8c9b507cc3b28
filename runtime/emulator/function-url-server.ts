// A Function-URL-like HTTP front: any request becomes a payload 2.0 event; the answer is what a
// Function URL would send. A streaming function's HTTP-integration prelude (status, headers,
// cookies, 8 NULs) is decoded and the body streamed live; a buffered result is read as a
// payload 2.0 response object, or sent as JSON when it is not one.
import { createServer, type Server, type ServerResponse } from "node:http";
import { HTTP_INTEGRATION_CONTENT_TYPE } from "../streaming/limits.ts";
import { toFunctionUrlEvent } from "./function-url-event.ts";
import type { InvokeResult } from "./invoke-types.ts";
import { readBody } from "./read-body.ts";
import { writeToCaller, type ResponseSink } from "./response-sink.ts";
import type { Sandbox } from "./sandbox.ts";

/** A prelude larger than this is not a prelude (API Gateway allows 16 KB). */
const MAX_PRELUDE_BYTES = 64 * 1024;
const DELIMITER = Buffer.alloc(8);

interface Prelude {
  statusCode?: number;
  headers?: Record<string, string>;
  cookies?: string[];
}

export function createFunctionUrlServer(sandbox: Sandbox): Server {
  return createServer(async (req, res) => {
    const { body } = await readBody(req, 6 * 1024 * 1024);
    const payload = Buffer.from(JSON.stringify(toFunctionUrlEvent(req, body)));
    const sink = new FunctionUrlSink(res);
    const result = await sandbox.invoke({ payload, contentType: "application/json", traceId: undefined, clientContext: undefined, tenantId: undefined }, sink);
    sink.complete(result);
  });
}

class FunctionUrlSink implements ResponseSink {
  readonly #res: ServerResponse;
  #integration = false;
  #headersSent = false;
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  constructor(res: ServerResponse) {
    this.#res = res;
  }

  begin(_requestId: string, contentType: string): void {
    this.#integration = contentType.startsWith(HTTP_INTEGRATION_CONTENT_TYPE);
    if (!this.#integration) this.#sendHead({ statusCode: 200, headers: { "content-type": contentType } });
  }

  write(chunk: Buffer): Promise<void> | void {
    if (!this.#headersSent) {
      this.#pending.push(chunk);
      this.#pendingBytes += chunk.length;
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
      chunk = buffered.subarray(end + DELIMITER.length);
      if (chunk.length === 0) return;
    }
    return writeToCaller(this.#res, chunk);
  }

  complete(result: InvokeResult): void {
    const res = this.#res;
    if (res.destroyed || res.writableEnded) return;
    if (result.kind === "function-error") {
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
    this.#res.flushHeaders();
  }

  #sendJson(status: number, body: object): void {
    this.#headersSent = true;
    const text = JSON.stringify(body);
    this.#res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    this.#res.end(text);
  }

  #fail(reason: string): void {
    this.#pending = [];
    this.#sendJson(502, { Message: "Internal Server Error", reason });
  }
}
