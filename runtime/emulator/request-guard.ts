// The one guard at each emulator server's request boundary. Whatever a route throws or rejects
// with (a body cut short, a bug) is answered when the caller can still hear it, logged with the
// request id when one is known, and never reaches the process: one broken request must not end
// the emulator, its servers, or the function behind them.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { BodyAborted } from "./read-body.ts";

/** What a route tells the guard about its request, for the log line. */
export interface RequestNotes {
  requestId?: string;
}

export type GuardedRoute = (req: IncomingMessage, res: ServerResponse, notes: RequestNotes) => Promise<void> | void;

export function guarded(server: string, route: GuardedRoute, log: (line: string) => void): RequestListener {
  return (req, res) => {
    const notes: RequestNotes = {};
    const fail = (error: unknown) => {
      const what = `${req.method ?? "?"} ${(req.url ?? "").split("?")[0]}`;
      const id = notes.requestId ? ` ${notes.requestId}` : "";
      if (error instanceof BodyAborted) {
        log(`tslambda emulator:${id} ${server}: ${what}: ${error.message}; nothing was run`);
      } else {
        log(`tslambda emulator:${id} ${server}: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
      answerFailure(res, error instanceof BodyAborted ? 400 : 500);
    };
    try {
      const pending = route(req, res, notes);
      if (pending !== undefined) pending.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}

function answerFailure(res: ServerResponse, status: number): void {
  if (res.destroyed || res.writableEnded) return;
  if (res.headersSent) {
    // Mid-answer the status is gone: cut the response so the caller sees it incomplete.
    res.destroy();
    return;
  }
  const body = JSON.stringify(status === 400 ? { Type: "User", message: "the request body was cut short" } : { Type: "Service", message: "the emulator failed on this request; see its log" });
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), connection: "close" });
  res.end(body);
}
