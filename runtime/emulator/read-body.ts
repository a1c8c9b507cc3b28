// Reads a request body, up to a limit past which the rest is drained and dropped.
import type { IncomingMessage } from "node:http";

export interface ReadBody {
  body: Buffer;
  /** Total bytes sent, even when more than the limit were dropped. */
  size: number;
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
    req.on("error", reject);
  });
}
