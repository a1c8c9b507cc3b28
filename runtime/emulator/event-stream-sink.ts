// The caller side of InvokeWithResponseStream: each chunk the runtime sends becomes one
// PayloadChunk message as soon as it arrives; InvokeComplete closes the stream, carrying the
// error when the function failed (the HTTP status stays 200, as on Lambda).
import type { ServerResponse } from "node:http";
import { invokeComplete, payloadChunk } from "./event-stream.ts";
import type { InvokeResult } from "./invoke-types.ts";
import { flushHeadAfterThisTurn, writeToCaller, type ResponseSink } from "./response-sink.ts";

export class EventStreamSink implements ResponseSink {
  readonly #res: ServerResponse;
  readonly #version: string;
  #begun = false;
  #bodyStarted = false;

  constructor(res: ServerResponse, version: string) {
    this.#res = res;
    this.#version = version;
  }

  begin(requestId: string, contentType: string): void {
    if (this.#begun) return;
    this.#begun = true;
    this.#res.writeHead(200, {
      "content-type": "application/vnd.amazon.eventstream",
      // The content type the function set for its stream (Lambda's ResponseStreamContentType).
      "x-amzn-response-stream-content-type": contentType,
      "x-amzn-requestid": requestId,
      "x-amz-executed-version": this.#version,
    });
    flushHeadAfterThisTurn(this.#res, () => this.#bodyStarted);
  }

  write(pieces: readonly Buffer[]): Promise<void> | void {
    return this.#send(pieces, pieces);
  }

  #send(pieces: readonly Buffer[], owned: readonly Buffer[]): Promise<void> | void {
    if (this.#res.destroyed || this.#res.writableEnded) return;
    this.#bodyStarted = true;
    return writeToCaller(this.#res, payloadChunk(pieces), owned);
  }

  /** Ends the stream with the invoke's outcome (a buffered result goes out as one chunk). */
  complete(result: InvokeResult): void {
    // A service error never reaches the sink: the invoke front answers it as an HTTP error.
    if (result.kind === "cancelled" || result.kind === "service-error") return;
    if (!this.#begun) this.begin(result.requestId, result.kind === "success" ? result.contentType : "application/json");
    if (!result.streamed && result.kind === "success" && result.body.length > 0) void this.#send([result.body], []); // the result is not the sink's to release
    if (this.#res.destroyed || this.#res.writableEnded) return;
    if (result.kind === "function-error") {
      this.#res.end(invokeComplete({ ErrorCode: errorCode(result.body), ErrorDetails: result.body.toString("utf8"), LogResult: result.logResult ?? "" }));
    } else {
      this.#res.end(invokeComplete({ LogResult: result.logResult ?? "" }));
    }
  }
}

function errorCode(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString("utf8")) as { errorType?: unknown };
    if (typeof parsed.errorType === "string" && parsed.errorType) return parsed.errorType;
  } catch {
    // fall through
  }
  return "Unhandled";
}
