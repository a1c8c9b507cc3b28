// Runtime API transport on node:net: a minimal HTTP/1.1 client for the one server the runtime
// talks to. One kept-alive connection, one request at a time (others wait their turn), bodies
// with Content-Length, and chunked bodies with trailers for response streaming. node:http does
// the same with far more machinery per request, and compiles its request path lazily, on the
// first invoke (see README, Benchmarks).
// Functions every invoke runs are parenthesised, `(function name() {})`, so V8 compiles them
// with the module at init instead of inside the first invoke (README, "The first invoke").
import type * as Net from "node:net";
import { unpooled, unpooledJoin } from "../unpooled.ts";
import { endResponse, headersRead, newResponseParser, pushResponse, type ParseError, type ResponseParser } from "./response-parser.ts";
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
  /** Writes the request once the connection is free (a streamed request writes its own). */
  write(socket: Net.Socket): void;
  resolve(response: TransportResponse): void;
  reject(error: TransportError): void;
}

export function createTransport(hostPort: string): Transport {
  const net = process.getBuiltinModule("node:net") as typeof Net;
  const sep = hostPort.lastIndexOf(":");
  const host = hostPort.slice(0, sep);
  const port = Number(hostPort.slice(sep + 1));
  const hostHeader = `host: ${hostPort}\r\nconnection: keep-alive\r\n`;

  const readBuffer = Buffer.allocUnsafeSlow(64 * 1024);
  /** Encoded heads of frozen requests (sent again unchanged, as GET /next is). */
  const frozenHeads = new WeakMap<TransportRequest, Buffer>();
  let socket: Net.Socket | undefined;
  let current: Exchange | undefined;
  /** Requests waiting for the connection, in order. */
  const queue: Exchange[] = [];

  const connection = (function connection(): Net.Socket {
    if (socket !== undefined && !socket.destroyed) return socket;
    // Reads land in one buffer, handed straight to the parser (which copies what it keeps): no
    // Buffer, stream bookkeeping or tick per read, as a Readable stream would cost.
    const opened = net.connect({ host, port, noDelay: true, onread: { buffer: readBuffer, callback: (size: number) => received(readBuffer, size) } });
    // Only the exchange this connection carries hears of it; a dropped connection (reset()) still
    // fails the exchange it was carrying, so the requests queued behind it go on.
    const exchangeOf = () => (current?.on === opened ? current : undefined);
    opened.on("connect", () => {
      const exchange = exchangeOf();
      if (exchange) exchange.connected = true;
    });
    const received = (function received(data: Buffer, size: number): true {
      const exchange = exchangeOf();
      if (exchange === undefined) {
        // Bytes nobody asked for: the connection is out of step; drop it.
        opened.destroy();
        return true;
      }
      if (exchange.idleTimeoutMs) lastActivity = Date.now();
      let response: TransportResponse | undefined;
      try {
        response = pushResponse(exchange.parser, data, size);
      } catch (error) {
        const parseError = error as ParseError;
        finish(opened, exchange, undefined, new TransportError(`${parseError.code}: ${parseError.message}`, parseError.code, false, error, headersRead(exchange.parser)));
        return true;
      }
      if (response !== undefined) finish(opened, exchange, response);
      return true;
    });
    opened.on("end", () => {
      const exchange = exchangeOf();
      const response = exchange && endResponse(exchange.parser);
      if (exchange && response) finish(opened, exchange, response);
      opened.destroy();
    });
    opened.on("error", (error: NodeJS.ErrnoException) => {
      const exchange = exchangeOf();
      if (exchange === undefined) return;
      const code = error.code ?? "EUNKNOWN";
      const notSent = !exchange.connected && (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN");
      finish(opened, exchange, undefined, new TransportError(`${code}: ${error.message}`, code, notSent, error, headersRead(exchange.parser)));
    });
    opened.on("close", () => {
      const exchange = exchangeOf();
      if (socket === opened) socket = undefined;
      // A connection closed mid-answer (or before it) without an error: the answer is cut short.
      if (exchange) finish(opened, exchange, undefined, new TransportError("ECONNRESET: the connection closed before the answer was complete", "ECONNRESET", false, undefined, headersRead(exchange.parser)));
    });
    socket = opened;
    return opened;
  });

  const finish = (function finish(on: Net.Socket, exchange: Exchange, response?: TransportResponse, error?: TransportError): void {
    if (current !== exchange) return;
    current = undefined;
    if (error !== undefined || !exchange.parser.keepAlive) on.destroy();
    else on.unref();
    if (error !== undefined) exchange.reject(error);
    else exchange.resolve(response!);
    const waiting = queue.shift();
    if (waiting !== undefined) start(waiting);
  });

  // The idle timeout of the request in flight (POSTs have one) is watched by one timer, re-armed
  // only when it fires or when a request needs it sooner: arming a socket timeout per request
  // costs a timer's bookkeeping per invoke.
  let lastActivity = 0;
  /** When the armed timer fires; 0 when none is. A timer that is no longer this one does nothing. */
  let firesAt = 0;

  const watchIdle = (function watchIdle(ms: number): void {
    lastActivity = Date.now();
    const due = lastActivity + ms;
    if (firesAt === 0 || firesAt > due) arm(due);
  });

  const arm = (function arm(at: number): void {
    firesAt = at;
    setTimeout(checkIdle, Math.max(0, at - Date.now()), at).unref();
  });

  function checkIdle(at: number): void {
    if (at !== firesAt) return;
    firesAt = 0;
    const exchange = current;
    if (exchange?.on === undefined || !exchange.idleTimeoutMs) return;
    const due = lastActivity + exchange.idleTimeoutMs;
    if (Date.now() < due) return arm(due);
    finish(exchange.on, exchange, undefined, new TransportError(`ETIMEDOUT: no answer within ${exchange.idleTimeoutMs} ms`, "ETIMEDOUT", false, undefined, headersRead(exchange.parser)));
  }

  /** Sends the exchange's request now if the connection is free, else after those queued before it. */
  const begin = (function begin(exchange: Exchange): void {
    if (current === undefined && queue.length === 0) start(exchange);
    else queue.push(exchange);
  });

  const start = (function start(exchange: Exchange): void {
    current = exchange;
    const on = connection();
    exchange.on = on;
    // A socket reused from an earlier request is connected already.
    if (!on.connecting) exchange.connected = true;
    on.ref();
    if (exchange.idleTimeoutMs) watchIdle(exchange.idleTimeoutMs);
    exchange.write(on);
  });

  const head = (function head(method: string, path: string, headers: Record<string, string> | undefined, framing: string): string {
    let text = `${method} ${path} HTTP/1.1\r\n${hostHeader}`;
    if (headers) for (const name in headers) text += `${name}: ${checkedValue(headers[name]!)}\r\n`;
    return `${text}${framing}\r\n`;
  });

  const send = (function send(request: TransportRequest): Promise<TransportResponse> {
    const { body } = request;
    const bodyBytes = body === undefined ? 0 : typeof body === "string" ? Buffer.byteLength(body, "utf8") : body.byteLength;
    let text: string | Buffer;
    try {
      text = body === undefined ? bodilessHead(request) : head(request.method, request.path, request.headers, `content-length: ${bodyBytes}\r\n`);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const { promise, resolve, reject } = Promise.withResolvers<TransportResponse>();
    const write = (on: Net.Socket) => {
      if (body === undefined || bodyBytes === 0) on.write(text, "latin1");
      else if (bodyBytes < 16 * 1024 && typeof body === "string" && typeof text === "string" && isAscii(text)) on.write(text + body, "utf8");
      else if (bodyBytes < 16 * 1024) on.write(withBody(text as string, body, bodyBytes));
      else {
        on.cork();
        on.write(text, "latin1");
        on.write(body);
        on.uncork();
      }
    };
    begin({ parser: newResponseParser(), connected: false, idleTimeoutMs: request.idleTimeoutMs ?? 0, resolve, reject, write });
    return promise;
  });

  function bodilessHead(request: TransportRequest): string | Buffer {
    if (!Object.isFrozen(request)) return head(request.method, request.path, request.headers, "");
    let bytes = frozenHeads.get(request);
    if (bytes === undefined) frozenHeads.set(request, (bytes = unpooledJoin([head(request.method, request.path, request.headers, "")])));
    return bytes;
  }

  function openStream(path: string, headers: Record<string, string>): StreamingRequest {
    // The caller declares chunked framing in `headers` (routes.ts); it is written as given.
    // The head waits for the first chunk (or the end), which the caller writes in the same turn:
    // one socket write, so the Runtime API reads the head and the first bytes at one wake-up.
    let pendingHead: Buffer | undefined = unpooledJoin([head("POST", path, headers, "")]);
    let on: Net.Socket | undefined;
    let failed: Error | undefined;
    const early: Buffer[] = [];
    const { promise: response, resolve, reject } = Promise.withResolvers<TransportResponse>();
    // A caller may never look at the answer (e.g. after destroy()); don't let that crash the process.
    response.catch(() => {});
    const out = (bytes: Buffer): boolean => {
      if (on === undefined) {
        early.push(bytes);
        return true;
      }
      if (pendingHead === undefined) return on.write(bytes);
      const withHead = unpooledJoin([pendingHead, bytes]);
      pendingHead = undefined;
      return on.write(withHead);
    };
    const flushHead = () => {
      if (pendingHead === undefined || on === undefined || on.destroyed) return;
      on.write(pendingHead);
      pendingHead = undefined;
    };
    // One literal, as send() builds its exchange (a function assigned to a property afterwards
    // would be allocated in the old generation: see context.ts).
    const exchange: Exchange = {
      parser: newResponseParser(),
      connected: false,
      idleTimeoutMs: 0,
      resolve,
      reject,
      write: (socket) => {
        on = socket;
        if (failed !== undefined) {
          finish(socket, exchange, undefined, toTransportError(failed));
          return;
        }
        if (early.length > 0) out(unpooledJoin(early.splice(0)));
        // Nothing written in this turn: the head goes alone.
        else queueMicrotask(flushHead);
      },
    };
    begin(exchange);
    return {
      write: (chunk) => {
        if (chunk.byteLength === 0) return true;
        const size = `${chunk.byteLength.toString(16)}\r\n`;
        // A small chunk goes out as one buffer; a large one is not copied, but corked with its framing.
        if (on === undefined || chunk.byteLength < 16 * 1024) return out(unpooledJoin([size, chunk, "\r\n"]));
        on.cork();
        flushHead();
        on.write(size, "latin1");
        on.write(chunk);
        const more = on.write("\r\n", "latin1");
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
        out(unpooledJoin([`${tail}\r\n`]));
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

// No regular expressions in the two checks below: they are on every request's path, and each
// expression costs a compile on the first invoke.
/** A head with other characters than ASCII is written as Latin-1 (as node:http does), apart from a UTF-8 body. */
const isAscii = ((text: string) => Buffer.byteLength(text, "utf8") === text.length);

/** A header value with a line break would split the request: refuse it, as node:http does. */
function checkedValue(value: string): string {
  if (value.includes("\r") || value.includes("\n") || value.includes("\0")) throw new TypeError(`Invalid character in header content: ${JSON.stringify(value.slice(0, 80))}`);
  return value;
}

function toTransportError(error: Error): TransportError {
  const code = (error as NodeJS.ErrnoException).code ?? "ECONNRESET";
  return new TransportError(`${code}: ${error.message}`, code, false, error);
}

/** A head (Latin-1) and a small body in one buffer of its own, for one socket write. */
function withBody(head: string, body: string | Uint8Array, bodyBytes: number): Buffer {
  if (typeof body !== "string") return unpooledJoin([head, body]);
  const joined = unpooled(head.length + bodyBytes);
  joined.write(body, joined.write(head, 0, "latin1"), "utf8");
  return joined;
}
