// A fake Lambda Runtime API on loopback for unit tests: records every request and answers from
// a script the test sets up.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  trailers: Record<string, string | undefined>;
  /** Sizes of the body chunks as they arrived. */
  chunkSizes: number[];
  /** The client's port: which kept-alive connection carried the request. */
  clientPort: number | undefined;
}

export interface FakeEvent {
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Answer /next with this status instead of an event. */
  status?: number;
  /** Destroy the connection instead of answering. */
  reset?: boolean;
}

export type PostAnswer = { status: number; body?: string } | { reset: true };

export class FakeRuntimeApi implements AsyncDisposable {
  readonly requests: RecordedRequest[] = [];
  readonly #events: FakeEvent[] = [];
  readonly #waiting: ServerResponse[] = [];
  readonly #listeners = new Set<() => void>();
  /** Decides the answer to a POST; 202 by default. */
  answerPost: (request: RecordedRequest) => PostAnswer = () => ({ status: 202, body: '{"status":"OK"}' });
  readonly #server = createServer((req, res) => void this.#handle(req, res));
  readonly sockets = new Set<import("node:net").Socket>();

  static async start(): Promise<FakeRuntimeApi> {
    const api = new FakeRuntimeApi();
    api.#server.on("connection", (socket) => {
      api.sockets.add(socket);
      socket.on("close", () => api.sockets.delete(socket));
    });
    api.#server.keepAliveTimeout = 0;
    await new Promise<void>((resolve) => api.#server.listen(0, "127.0.0.1", resolve));
    return api;
  }

  get address(): string {
    return `127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Queues an event (or a scripted answer) for the next GET /next. */
  push(event: FakeEvent): void {
    const res = this.#waiting.shift();
    if (res) this.#answerNext(res, event);
    else this.#events.push(event);
  }

  /** Resolves once `count` requests matching `predicate` have been recorded. */
  waitFor(predicate: (r: RecordedRequest) => boolean, count = 1): Promise<RecordedRequest[]> {
    return new Promise((resolve) => {
      const check = () => {
        const matching = this.requests.filter(predicate);
        if (matching.length >= count) {
          this.#listeners.delete(check);
          resolve(matching);
        }
      };
      this.#listeners.add(check);
      check();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks), trailers: { ...req.trailers }, chunkSizes: chunks.map((c) => c.length), clientPort: req.socket.remotePort };
    this.requests.push(recorded);
    for (const listener of [...this.#listeners]) listener();
    if (recorded.method === "GET" && recorded.path.endsWith("/invocation/next")) {
      const event = this.#events.shift();
      if (event) this.#answerNext(res, event);
      else this.#waiting.push(res);
      return;
    }
    const answer = this.answerPost(recorded);
    if ("reset" in answer) {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(answer.body ?? "");
  }

  #answerNext(res: ServerResponse, event: FakeEvent): void {
    if (event.reset) {
      res.socket?.destroy();
      return;
    }
    res.writeHead(event.status ?? 200, { "content-type": "application/json", ...event.headers });
    res.end(event.body ?? "");
  }

  async [Symbol.asyncDispose](): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

let counter = 0;

/** Headers of a well-formed invoke. */
export function invokeHeaders(overrides: Record<string, string> = {}): Record<string, string> {
  counter += 1;
  return {
    "lambda-runtime-aws-request-id": `req-${counter}`,
    "lambda-runtime-deadline-ms": String(Date.now() + 30_000),
    "lambda-runtime-invoked-function-arn": "arn:aws:lambda:us-east-1:123456789012:function:fake",
    ...overrides,
  };
}
