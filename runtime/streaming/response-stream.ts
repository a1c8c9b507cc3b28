// The writable a streaming handler gets. Nothing is sent until the first byte (so an error
// before it can use the normal /error route); then one chunked POST carries the body, with
// backpressure from the socket, and ends either cleanly or with the error trailers.
import type { Writable } from "node:stream";
import { ResponseSizeTooLarge, type ErrorResponse } from "../errors.ts";
import type { PostOutcome } from "../routes.ts";
import type { StreamingRequest } from "../transport/transport.ts";
import { DEFAULT_STREAM_CONTENT_TYPE, MAX_STREAMED_RESPONSE_BYTES } from "./limits.ts";

export interface OpenedStream {
  request: StreamingRequest;
  outcome: Promise<PostOutcome>;
}

export type StreamOpener = (contentType: string) => OpenedStream;

/** What handlers see: a Node Writable plus setContentType(), as in AWS's Node.js runtime. */
export interface ResponseStream extends Writable {
  setContentType(contentType: string): void;
  /** True once the first byte went to Lambda. */
  readonly opened: boolean;
  /** Ends an opened stream with Lambda's error trailers. */
  failWith(error: ErrorResponse): Promise<PostOutcome>;
  /** Lambda's answer to the whole stream, once it has ended. */
  outcome(): Promise<PostOutcome>;
}

/**
 * What the handler may write ahead of the socket before write() says wait. 64 KiB (one
 * handler-sized chunk) made every chunk wait for the previous one's drain; a few chunks' worth
 * keeps the socket busy while memory stays flat.
 */
const HIGH_WATER_MARK = 512 * 1024;

type ResponseStreamClass = new (open: StreamOpener, limit: number) => ResponseStream;
let ResponseStreamImpl: ResponseStreamClass | undefined;

const RELEASE = Symbol("release");

/**
 * Lets a finished stream drop what it holds of its invoke: the opener and the request (and
 * through them the invoke's context, promises and buffers). Node.js's WritableState keeps its
 * stream in a closure that V8 allocates in the old generation (a function literal assigned to a
 * property), so every response stream, finished or not, outlives scavenges until a full GC, and
 * whatever it still points at is promoted with it (README, "Memory of a streaming handler").
 */
export function releaseResponseStream(stream: ResponseStream): void {
  (stream as ResponseStream & { [RELEASE]?: () => void })[RELEASE]?.();
}

/** Created on first use: functions that never stream don't pay for the class. */
export function createResponseStream(open: StreamOpener, limit = MAX_STREAMED_RESPONSE_BYTES): ResponseStream {
  ResponseStreamImpl ??= defineResponseStream();
  return new ResponseStreamImpl(open, limit);
}

function defineResponseStream(): ResponseStreamClass {
  const { Writable: WritableBase } = process.getBuiltinModule("node:stream");

  class LambdaResponseStream extends WritableBase implements ResponseStream {
    #open: StreamOpener | undefined;
    readonly #limit: number;
    #contentType = DEFAULT_STREAM_CONTENT_TYPE;
    #opened: OpenedStream | undefined;
    #wasOpened = false;
    #bytes = 0;
    #ended = false;

    constructor(open: StreamOpener, limit: number) {
      super({ highWaterMark: HIGH_WATER_MARK });
      this.#open = open;
      this.#limit = limit;
    }

    get opened(): boolean {
      return this.#wasOpened;
    }

    [RELEASE](): void {
      this.#open = undefined;
      this.#opened = undefined;
    }

    setContentType(contentType: string): void {
      if (this.#wasOpened) throw new Error("setContentType() must come before the first write");
      this.#contentType = contentType;
    }

    #ensureOpen(): OpenedStream {
      if (this.#opened !== undefined) return this.#opened;
      if (this.#open === undefined) throw new Error("the response stream's invoke has ended");
      this.#opened = this.#open(this.#contentType);
      this.#wasOpened = true;
      return this.#opened;
    }

    override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
      this.#send([chunk], callback);
    }

    // Chunks the handler wrote while the socket was busy go out together: one drain wait and
    // one socket write (node:http corks the socket for the tick) for the lot, not one each.
    override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
      this.#send(chunks.map((c) => c.chunk), callback);
    }

    #send(chunks: Buffer[], callback: (error?: Error | null) => void): void {
      let ready = true;
      for (const chunk of chunks) {
        this.#bytes += chunk.length;
        if (this.#bytes > this.#limit) {
          callback(new ResponseSizeTooLarge(this.#bytes, this.#limit));
          return;
        }
        // Opened at the first byte that is sent, so a failure before it can use /error.
        ready = this.#ensureOpen().request.write(chunk);
      }
      if (ready) callback();
      else this.#ensureOpen().request.onceDrain(() => callback());
    }

    override _final(callback: (error?: Error | null) => void): void {
      const { request } = this.#ensureOpen();
      this.#ended = true;
      request.end();
      callback();
    }

    async failWith(error: ErrorResponse): Promise<PostOutcome> {
      const opened = this.#ensureOpen();
      if (!this.#ended) {
        this.#ended = true;
        opened.request.end({
          "Lambda-Runtime-Function-Error-Type": error.errorType.replace(/[^\x20-\x7e]/g, "?"),
          "Lambda-Runtime-Function-Error-Body": Buffer.from(JSON.stringify(error)).toString("base64"),
        });
      }
      return opened.outcome;
    }

    outcome(): Promise<PostOutcome> {
      return this.#ensureOpen().outcome;
    }
  }
  return LambdaResponseStream;
}
