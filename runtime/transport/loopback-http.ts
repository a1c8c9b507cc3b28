// Runtime API transport on node:net: a minimal HTTP/1.1 client for the one server the runtime
// talks to. One kept-alive connection, one request at a time (others wait their turn), bodies
// with Content-Length, and chunked bodies with trailers for response streaming. node:http does
// the same with far more machinery per request, and compiles its request path lazily, on the
// first invoke (see README, Benchmarks).
import type * as Net from "node:net";
import { ParseError, ResponseParser } from "./response-parser.ts";
import { TransportError, type StreamingRequest, type Transport, type TransportRequest, type TransportResponse } from "./transport.ts";

/** One request on the connection: told of every byte the server sends, and of the end. */
interface Exchange {
  parser: ResponseParser;
  /** True once the whole request went to the socket (a refused connect never carried it). */
  connected: boolean;
  /** Milliseconds of socket inactivity before the request fails; 0 waits forever. */
  idleTimeoutMs: number;
  /** The connection carrying it, once it has one. */
  on?: Net.Socket;
  resolve(response: TransportResponse): void;
  reject(error: TransportError): void;
}

export function createTransport(hostPort: string): Transport {
  const net = process.getBuiltinModule("node:net") as typeof Net;
  const sep = hostPort.lastIndexOf(":");
  const host = hostPort.slice(0, sep);
  const port = Number(hostPort.slice(sep + 1));
  const hostHeader = `host: ${hostPort}\r\nconnection: keep-alive\r\n`;

  let socket: Net.Socket | undefined;
  let current: Exchange | undefined;
  /** Requests waiting for the connection, in order. */
  const queue: (() => void)[] = [];

  function connection(): Net.Socket {
    if (socket !== undefined && !socket.destroyed) return socket;
    const opened = net.connect({ host, port, noDelay: true });
    // Only the exchange this connection carries hears of it; a dropped connection (reset()) still
    // fails the exchange it was carrying, so the requests queued behind it go on.
    const exchangeOf = () => (current?.on === opened ? current : undefined);
    opened.on("connect", () => {
      const exchange = exchangeOf();
      if (exchange) exchange.connected = true;
    });
    opened.on("data", (data: Buffer) => {
      const exchange = exchangeOf();
      if (exchange === undefined) {
        // Bytes nobody asked for: the connection is out of step; drop it.
        opened.destroy();
        return;
      }
      let response: TransportResponse | undefined;
      try {
        response = exchange.parser.push(data);
      } catch (error) {
        const parseError = error as ParseError;
        finish(opened, exchange, undefined, new TransportError(`${parseError.code}: ${parseError.message}`, parseError.code, false, error, exchange.parser.headers));
        return;
      }
      if (response !== undefined) finish(opened, exchange, response);
    });
    opened.on("timeout", () => {
      const exchange = exchangeOf();
      if (exchange === undefined) return;
      finish(opened, exchange, undefined, new TransportError(`ETIMEDOUT: no answer within ${exchange.idleTimeoutMs} ms`, "ETIMEDOUT", false, undefined, exchange.parser.headers));
    });
    opened.on("end", () => {
      const exchange = exchangeOf();
      const response = exchange?.parser.end();
      if (exchange && response) finish(opened, exchange, response);
      opened.destroy();
    });
    opened.on("error", (error: NodeJS.ErrnoException) => {
      const exchange = exchangeOf();
      if (exchange === undefined) return;
      const code = error.code ?? "EUNKNOWN";
      const notSent = !exchange.connected && (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN");
      finish(opened, exchange, undefined, new TransportError(`${code}: ${error.message}`, code, notSent, error, exchange.parser.headers));
    });
    opened.on("close", () => {
      const exchange = exchangeOf();
      if (socket === opened) socket = undefined;
      // A connection closed mid-answer (or before it) without an error: the answer is cut short.
      if (exchange) finish(opened, exchange, undefined, new TransportError("ECONNRESET: the connection closed before the answer was complete", "ECONNRESET", false, undefined, exchange.parser.headers));
    });
    socket = opened;
    return opened;
  }

  function finish(on: Net.Socket, exchange: Exchange, response?: TransportResponse, error?: TransportError): void {
    if (current !== exchange) return;
    current = undefined;
    if (exchange.idleTimeoutMs) on.setTimeout(0);
    if (error !== undefined || !exchange.parser.keepAlive) on.destroy();
    else on.unref();
    if (error !== undefined) exchange.reject(error);
    else exchange.resolve(response!);
    queue.shift()?.();
  }

  /** Runs `start` once the connection is free; `start` gets it with the exchange installed. */
  function begin(exchange: Exchange, start: (socket: Net.Socket) => void): void {
    const go = () => {
      current = exchange;
      const on = connection();
      exchange.on = on;
      // A socket reused from an earlier request is connected already.
      if (!on.connecting) exchange.connected = true;
      on.ref();
      if (exchange.idleTimeoutMs) on.setTimeout(exchange.idleTimeoutMs);
      start(on);
    };
    if (current === undefined && queue.length === 0) go();
    else queue.push(go);
  }

  function head(method: string, path: string, headers: Record<string, string> | undefined, framing: string): string {
    let text = `${method} ${path} HTTP/1.1\r\n${hostHeader}`;
    if (headers) for (const name in headers) text += `${name}: ${checkedValue(headers[name]!)}\r\n`;
    return `${text}${framing}\r\n`;
  }

  function send(request: TransportRequest): Promise<TransportResponse> {
    return new Promise((resolve, reject) => {
      const body = typeof request.body === "string" ? Buffer.from(request.body, "utf8") : request.body;
      let text: string;
      try {
        text = head(request.method, request.path, request.headers, body === undefined ? "" : `content-length: ${body.byteLength}\r\n`);
      } catch (error) {
        reject(error);
        return;
      }
      const exchange: Exchange = { parser: new ResponseParser(), connected: false, idleTimeoutMs: request.idleTimeoutMs ?? 0, resolve, reject };
      begin(exchange, (on) => {
        if (body === undefined || body.byteLength === 0) on.write(text, "latin1");
        else if (body.byteLength < 16 * 1024) on.write(Buffer.concat([Buffer.from(text, "latin1"), body]));
        else {
          on.cork();
          on.write(text, "latin1");
          on.write(body);
          on.uncork();
        }
      });
    });
  }

  function openStream(path: string, headers: Record<string, string>): StreamingRequest {
    // The caller declares chunked framing in `headers` (routes.ts); it is written as given.
    // The head waits for the first chunk (or the end), which the caller writes in the same turn:
    // one socket write, so the Runtime API reads the head and the first bytes at one wake-up.
    let pendingHead: Buffer | undefined = Buffer.from(head("POST", path, headers, ""), "latin1");
    let on: Net.Socket | undefined;
    let failed: Error | undefined;
    const early: Buffer[] = [];
    const exchange = { parser: new ResponseParser(), connected: false, idleTimeoutMs: 0 } as Exchange;
    const response = new Promise<TransportResponse>((resolve, reject) => {
      exchange.resolve = resolve;
      exchange.reject = reject;
    });
    // A caller may never look at the answer (e.g. after destroy()); don't let that crash the process.
    response.catch(() => {});
    const out = (bytes: Buffer): boolean => {
      if (on === undefined) {
        early.push(bytes);
        return true;
      }
      if (pendingHead === undefined) return on.write(bytes);
      const withHead = Buffer.concat([pendingHead, bytes]);
      pendingHead = undefined;
      return on.write(withHead);
    };
    const flushHead = () => {
      if (pendingHead === undefined || on === undefined || on.destroyed) return;
      on.write(pendingHead);
      pendingHead = undefined;
    };
    begin(exchange, (socket) => {
      on = socket;
      if (failed !== undefined) {
        finish(socket, exchange, undefined, toTransportError(failed));
        return;
      }
      if (early.length > 0) out(Buffer.concat(early.splice(0)));
      // Nothing written in this turn: the head goes alone.
      else queueMicrotask(flushHead);
    });
    return {
      write: (chunk) => {
        if (chunk.byteLength === 0) return true;
        const size = Buffer.from(`${chunk.byteLength.toString(16)}\r\n`, "latin1");
        // A small chunk goes out as one buffer; a large one is not copied, but corked with its framing.
        if (on === undefined || chunk.byteLength < 16 * 1024) return out(Buffer.concat([size, chunk, CRLF]));
        on.cork();
        flushHead();
        on.write(size);
        on.write(chunk);
        const more = on.write(CRLF);
        on.uncork();
        return more;
      },
      onceDrain: (listener) => {
        if (on === undefined) queueMicrotask(listener);
        else on.once("drain", listener);
      },
      end: (trailers) => {
        let tail = "0\r\n";
        if (trailers) for (const name in trailers) tail += `${name}: ${checkedValue(trailers[name]!)}\r\n`;
        out(Buffer.from(`${tail}\r\n`, "latin1"));
      },
      destroy: (error) => {
        failed = error ?? new Error("the streamed request was aborted");
        if (on !== undefined) finish(on, exchange, undefined, toTransportError(failed));
      },
      response,
    };
  }

  function drop(): void {
    const old = socket;
    socket = undefined;
    old?.destroy();
  }

  return { send, openStream, reset: drop, close: drop };
}

const CRLF = Buffer.from("\r\n", "latin1");

/** A header value with a line break would split the request: refuse it, as node:http does. */
function checkedValue(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new TypeError(`Invalid character in header content: ${JSON.stringify(value.slice(0, 80))}`);
  return value;
}

function toTransportError(error: Error): TransportError {
  const code = (error as NodeJS.ErrnoException).code ?? "ECONNRESET";
  return new TransportError(`${code}: ${error.message}`, code, false, error);
}
