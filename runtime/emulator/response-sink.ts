// Where a streamed response goes while the runtime produces it: the invoke front gives the
// sandbox a sink per caller (event-stream framing, a Function URL answer), so bytes flow through
// with backpressure instead of being collected.
import type { ServerResponse } from "node:http";

export interface ResponseSink {
  /** The runtime opened its response; called once, before any write. */
  begin(requestId: string, contentType: string): void;
  /**
   * The body bytes of one turn of the event loop, in order, as they came (not joined); resolves
   * when the caller can take more. A caller that went away takes (and drops) all. The pieces are
   * the sink's from here: once written, it may release their memory (releasePieces).
   */
  write(pieces: readonly Buffer[]): Promise<void> | void;
}

/**
 * Writes to a caller's response, resolving when it can take more; a caller that went away takes
 * (and drops) everything, so the function runs to its end as on Lambda. `owned` (pieces no one
 * reads again) are released once the socket has taken the last piece, or at once if dropped.
 */
export function writeToCaller(res: ServerResponse, pieces: readonly Uint8Array[], owned: readonly Uint8Array[] = []): Promise<void> | void {
  if (res.destroyed || res.writableEnded) return releasePieces(owned);
  // One socket write (writev) for them all, without copying them into one buffer first. The
  // socket is corked, not the response: a corked response holds chunked writes back and sends
  // them in uncork() without a record of whether the socket then needs draining, so a write can
  // say "wait for drain" for a drain that never comes.
  const socket = pieces.length > 1 ? res.socket : null;
  socket?.cork();
  const last = pieces.length - 1;
  // Writes complete in order: the last one's callback means the kernel has every piece.
  for (let i = 0; i < last; i++) res.write(pieces[i]!);
  if (last >= 0) res.write(pieces[last]!, owned.length > 0 ? () => releasePieces(owned) : undefined);
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

/**
 * Frees the pieces' memory now rather than at the next garbage collection. Node's HTTP parser
 * copies each body span of the runtime's stream into an ArrayBuffer of its own, which V8 frees
 * only when it collects: 200 MB streamed piled up ~60 MB of them between collections, each pile
 * forcing a full one (a third of the emulator's CPU while streaming), and malloc kept handing
 * out cold memory. Detached at once, the same few blocks are reused while still in cache. Only
 * a piece that spans its whole ArrayBuffer is released; the caller vouches no one reads it again.
 */
export function releasePieces(pieces: readonly Uint8Array[]): void {
  for (const piece of pieces) {
    const buffer = piece.buffer;
    if (buffer instanceof ArrayBuffer && !buffer.detached && piece.byteOffset === 0 && piece.byteLength === buffer.byteLength) buffer.transfer(0);
  }
}
