// Reads a request body, up to a limit past which the rest is drained and dropped. A caller that
// goes away mid-body (reset, malformed chunking, a client timeout) rejects with BodyAborted.
import type { IncomingMessage } from "node:http";

export interface ReadBody {
  body: Buffer;
  /** Total bytes sent, even when more than the limit were dropped. */
  size: number;
}

/** The request ended before its body was complete; nothing it asked for may run. */
export class BodyAborted extends Error {
  override readonly name = "BodyAborted";
  readonly received: number;
  constructor(received: number, cause?: unknown) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    super(`the caller went away after ${received} bytes of the body${code ? ` (${code})` : ""}`, { cause });
    this.received = received;
  }
}

export function readBody(req: IncomingMessage, limit = Number.POSITIVE_INFINITY): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on("end", () => resolve({ body: Buffer.concat(chunks), size }));
    req.on("error", (error) => reject(new BodyAborted(size, error)));
    // Some aborts close the request without an error event; a settled promise ignores this.
    req.on("close", () => {
      if (!req.complete) reject(new BodyAborted(size));
    });
  });
}
