// The benchmark's Runtime API on loopback: hands events to whichever subject is connected and
// times every step from this side of the socket.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

export class BenchRuntimeApi {
  readonly #server = createServer((req, res) => this.#handle(req.method ?? "", req.url ?? "", req, res));
  #parked: ServerResponse | undefined;
  #onNext: (() => void) | undefined;
  #onResult: ((at: number, bytes: number, path: string) => void) | undefined;
  #counter = 0;

  async listen(): Promise<string> {
    this.#server.keepAliveTimeout = 0;
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    return `127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Resolves at the moment the connected runtime's GET /next arrives. */
  nextArrival(): Promise<number> {
    if (this.#parked) return Promise.resolve(performance.now());
    return new Promise((resolve) => (this.#onNext = () => resolve(performance.now())));
  }

  /** Sends one event to the parked /next and resolves when its result has been read, in ms. */
  invoke(event: Buffer): Promise<{ ms: number; bytes: number; path: string }> {
    const res = this.#parked;
    if (!res) throw new Error("no runtime waiting on /next");
    this.#parked = undefined;
    return new Promise((resolve) => {
      const sent = performance.now();
      this.#onResult = (at, bytes, path) => resolve({ ms: at - sent, bytes, path });
      const id = `bench-${++this.#counter}`;
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": event.length,
        "lambda-runtime-aws-request-id": id,
        "lambda-runtime-deadline-ms": String(Date.now() + 300_000),
        "lambda-runtime-invoked-function-arn": "arn:aws:lambda:us-east-1:123456789012:function:bench",
        "lambda-runtime-trace-id": `Root=1-00000000-${String(this.#counter).padStart(24, "0")};Sampled=0`,
      });
      res.end(event);
    });
  }

  #handle(method: string, url: string, req: import("node:http").IncomingMessage, res: ServerResponse): void {
    if (method === "GET") {
      this.#parked = res;
      const wake = this.#onNext;
      this.#onNext = undefined;
      wake?.();
      return;
    }
    let bytes = 0;
    req.on("data", (c: Buffer) => (bytes += c.length));
    req.on("end", () => {
      const at = performance.now();
      res.writeHead(202, { "content-type": "application/json", "content-length": 15 });
      res.end('{"status":"OK"}');
      const done = this.#onResult;
      this.#onResult = undefined;
      done?.(at, bytes, url);
    });
  }

  /** Drops the parked /next of a subject that is about to be killed. */
  reset(): void {
    this.#parked?.socket?.destroy();
    this.#parked = undefined;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
