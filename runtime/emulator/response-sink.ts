// Where a streamed response goes while the runtime produces it: the invoke front gives the
// sandbox a sink per caller (event-stream framing, a Function URL answer), so bytes flow through
// with backpressure instead of being collected.
import type { ServerResponse } from "node:http";

export interface ResponseSink {
  /** The runtime opened its response; called once, before any write. */
  begin(requestId: string, contentType: string): void;
  /**
   * The body bytes of one turn of the event loop, in order, as they came (not joined); resolves
   * when the caller can take more. A caller that went away takes (and drops) all.
   */
  write(pieces: readonly Buffer[]): Promise<void> | void;
}

/**
 * Writes to a caller's response, resolving when it can take more; a caller that went away takes
 * (and drops) everything, so the function runs to its end as on Lambda.
 */
export function writeToCaller(res: ServerResponse, pieces: readonly Uint8Array[]): Promise<void> | void {
  if (res.destroyed || res.writableEnded) return;
  // One socket write (writev) for them all, without copying them into one buffer first. The
  // socket is corked, not the response: a corked response holds chunked writes back and sends
  // them in uncork() without a record of whether the socket then needs draining, so a write can
  // say "wait for drain" for a drain that never comes.
  const socket = pieces.length > 1 ? res.socket : null;
  socket?.cork();
  for (const piece of pieces) res.write(piece);
  socket?.uncork();
  // 'drain' comes on a later tick, so a need seen now is one 'drain' will answer.
  if (!res.writableNeedDrain) return;
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/**
 * After writeHead: the head goes out with the first body bytes when they come in this turn of
 * the event loop (the runtime sends its first chunk with its request's head), so the caller gets
 * both in one write and wakes once; else it goes alone at the end of the turn, not held back.
 */
export function flushHeadAfterThisTurn(res: ServerResponse, bodyStarted: () => boolean): void {
  setImmediate(() => {
    if (!bodyStarted() && !res.destroyed && !res.writableEnded) res.flushHeaders();
  });
}
