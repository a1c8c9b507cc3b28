// The node:net Runtime API client against a server scripted byte by byte: framings node:http
// accepts must read the same, and every way a server can fail must end as a TransportError.
import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createTransport } from "../../runtime/transport/loopback-http.ts";
import { TransportError, type Transport } from "../../runtime/transport/transport.ts";

/** A server that hands each request's raw bytes to `answer`, which writes whatever it likes. */
async function rawServer(answer: (socket: Socket, request: string) => void): Promise<{ address: string; server: Server; received: string[] }> {
  const received: string[] = [];
  const server = createServer((socket) => {
    let pending = "";
    socket.on("data", (data) => {
      pending += data.toString("latin1");
      // One request per head; bodies here are small and come with the head or right after.
      const end = pending.indexOf("\r\n\r\n");
      if (end < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(pending)?.[1] ?? 0);
      const chunked = /transfer-encoding: chunked/i.test(pending.slice(0, end));
      const complete = chunked ? pending.endsWith("\r\n\r\n") && /\r\n0\r\n/.test(pending.slice(end)) : pending.length >= end + 4 + length;
      if (!complete) return;
      received.push(pending);
      const request = pending;
      pending = "";
      answer(socket, request);
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { address: `127.0.0.1:${(server.address() as AddressInfo).port}`, server, received };
}

let transport: Transport | undefined;
let server: Server | undefined;
afterEach(async () => {
  transport?.close();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
});

async function setup(answer: (socket: Socket, request: string) => void) {
  const raw = await rawServer(answer);
  server = raw.server;
  transport = createTransport(raw.address);
  return { transport, received: raw.received };
}

const get = (t: Transport, idleTimeoutMs?: number) => t.send({ method: "GET", path: "/2018-06-01/runtime/invocation/next", ...(idleTimeoutMs ? { idleTimeoutMs } : {}) });

describe("loopback-http reads every framing of an answer", () => {
  it("a Content-Length body split across writes, and headers split mid-line, on one kept-alive connection", async () => {
    const { transport: t, received } = await setup((socket) => {
      socket.write("HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: r-1\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nX-Dup: 1\r\nX-D");
      setTimeout(() => socket.write("up: 2\r\nContent-Length: 11\r\n\r\nhello"), 5);
      setTimeout(() => socket.write(" world"), 10);
    });
    const first = await get(t);
    expect(first.status).toBe(200);
    expect(first.body.toString()).toBe("hello world");
    expect(first.headers).toMatchObject({ "lambda-runtime-aws-request-id": "r-1", "set-cookie": ["a=1", "b=2"], "x-dup": "1, 2" });
    expect((await get(t)).body.toString()).toBe("hello world");
    expect(received).toHaveLength(2);
    expect(received[0]).toMatch(/^GET \/2018-06-01\/runtime\/invocation\/next HTTP\/1\.1\r\nhost: 127\.0\.0\.1:\d+\r\n/);
  });

  it("reads into one reused buffer: an answer split across reads is not confused by the bytes of the one before", async () => {
    const firstBody = `${"x".repeat(50)}\r\n\r\n${"y".repeat(500)}`;
    let count = 0;
    const { transport: t } = await setup((socket) => {
      if (++count === 1) {
        socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${firstBody.length}\r\n\r\n${firstBody}`);
        return;
      }
      // The head arrives cut short; past its end the read buffer still holds the first answer.
      socket.write("HTTP/1.1 200 OK\r\nContent-Le");
      setTimeout(() => socket.write("ngth: 2\r\nX-Second: yes\r\n\r\nok"), 10);
    });
    const first = await get(t);
    expect(first.body.toString()).toBe(firstBody);
    const second = await get(t);
    expect(second.headers["x-second"]).toBe("yes");
    expect(second.body.toString()).toBe("ok");
    // The first answer's body was copied out, not left a view of the reused buffer.
    expect(first.body.toString()).toBe(firstBody);
  });

  it("a head far larger than usual (a 20 KB client context) is read whole", async () => {
    const context = "c".repeat(20_000);
    const { transport: t } = await setup((socket) => socket.write(`HTTP/1.1 200 OK\r\nLambda-Runtime-Client-Context: ${context}\r\nContent-Length: 2\r\n\r\nok`));
    const answer = await get(t);
    expect(answer.headers["lambda-runtime-client-context"]).toBe(context);
    expect(answer.body.toString()).toBe("ok");
  });

  it("header values lose the blanks around them and keep everything else: colons, inner blanks, nothing at all", async () => {
    const { transport: t } = await setup((socket) =>
      socket.write("HTTP/1.1 200 OK\r\nX-Padded: \t  a  b \t\r\nX-Arn:arn:aws:lambda:us-east-1:1:function:f\r\nX-Empty:\r\nX-Blank:   \r\nContent-Length: 0\r\n\r\n"),
    );
    const answer = await get(t);
    expect(answer.headers).toMatchObject({ "x-padded": "a  b", "x-arn": "arn:aws:lambda:us-east-1:1:function:f", "x-empty": "", "x-blank": "" });
  });

  it("a chunked body with extensions and trailers, after a 100 Continue", async () => {
    const { transport: t } = await setup((socket) => {
      socket.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n");
      setTimeout(() => socket.write("6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"), 5);
    });
    const answer = await get(t);
    expect(answer.body.toString()).toBe("hello world");
  });

  it("a body that runs until the connection closes", async () => {
    const { transport: t } = await setup((socket) => socket.end("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it"));
    expect((await get(t)).body.toString()).toBe("all of it");
    // The next request opens a new connection.
    expect((await get(t)).body.toString()).toBe("all of it");
  });

  it("sends a request body with its Content-Length, and chunked streams with trailers", async () => {
    const { transport: t, received } = await setup((socket) => socket.write("HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\n{}"));
    const answer = await t.send({ method: "POST", path: "/r", headers: { "content-type": "application/json" }, body: "héllo" });
    expect(answer.status).toBe(202);
    expect(received[0]).toContain("content-type: application/json\r\ncontent-length: 6\r\n\r\n");
    expect(Buffer.from(received[0]!.slice(-6), "latin1").toString("utf8")).toBe("héllo");
    const stream = t.openStream!("/s", { "transfer-encoding": "chunked", trailer: "X-Error" });
    stream.write(Buffer.from("abc"));
    stream.end({ "X-Error": "none" });
    expect((await stream.response).status).toBe(202);
    expect(received[1]).toMatch(/\r\n\r\n3\r\nabc\r\n0\r\nX-Error: none\r\n\r\n$/);
  });

  it("streams a chunk larger than the copy threshold with its framing intact", async () => {
    const { transport: t, received } = await setup((socket) => socket.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"));
    const stream = t.openStream!("/s", { "transfer-encoding": "chunked" });
    // The first write may precede the connection; the later ones go straight to the socket.
    stream.write(Buffer.from("a"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    stream.write(Buffer.alloc(40_000, 98));
    stream.write(Buffer.from("c"));
    stream.end();
    expect((await stream.response).status).toBe(202);
    expect(received[0]!.slice(received[0]!.indexOf("\r\n\r\n") + 4)).toBe(`1\r\na\r\n9c40\r\n${"b".repeat(40_000)}\r\n1\r\nc\r\n0\r\n\r\n`);
  });

  it("refuses a header value that would split the request", async () => {
    const { transport: t } = await setup(() => {});
    await expect(t.send({ method: "POST", path: "/r", headers: { "x-a": "1\r\nx-b: 2" }, body: "" })).rejects.toThrow(/Invalid character/);
  });
});

describe("loopback-http turns every failure into a TransportError", () => {
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    return error as TransportError;
  };

  it("a reset before the answer (sent: not safe to resend)", async () => {
    const { transport: t } = await setup((socket) => socket.resetAndDestroy());
    const error = await failure(get(t));
    expect(error.code).toBe("ECONNRESET");
    expect(error.notSent).toBe(false);
  });

  it("a body cut short keeps the answer's headers", async () => {
    const { transport: t } = await setup((socket) => socket.end("HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: cut\r\nContent-Length: 100\r\n\r\npartial"));
    const error = await failure(get(t));
    expect(error.code).toBe("ECONNRESET");
    expect(error.responseHeaders?.["lambda-runtime-aws-request-id"]).toBe("cut");
  });

  it("a chunked body cut mid-chunk", async () => {
    const { transport: t } = await setup((socket) => socket.end("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\nabc"));
    expect((await failure(get(t))).code).toBe("ECONNRESET");
  });

  it("a stalled answer times out when the request asks for it, and the next request uses a new connection", async () => {
    let calls = 0;
    const { transport: t } = await setup((socket) => {
      if (calls++ > 0) socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    });
    const error = await failure(get(t, 50));
    expect(error.code).toBe("ETIMEDOUT");
    expect((await get(t)).body.toString()).toBe("ok");
  });

  it("each request's own idle timeout holds, whatever timeouts earlier requests asked for", async () => {
    let calls = 0;
    const { transport: t } = await setup((socket) => {
      if (calls++ === 0) socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    });
    expect((await get(t, 60_000)).body.toString()).toBe("ok");
    // Held to its own 50 ms, not to the first request's minute (which would outlast the test).
    const error = await failure(get(t, 50));
    expect(error.code).toBe("ETIMEDOUT");
  });

  it("garbage instead of a status line, a bad chunk size, oversized headers", async () => {
    const answers = [
      "SMTP ready\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      `HTTP/1.1 200 OK\r\nX-Big: ${"a".repeat(90_000)}\r\n\r\n`,
      "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
    ];
    let i = 0;
    const { transport: t } = await setup((socket) => socket.write(answers[i++]!));
    const codes = [];
    for (let n = 0; n < answers.length; n++) codes.push((await failure(get(t))).code);
    expect(codes).toEqual(["HPE_INVALID_CONSTANT", "HPE_INVALID_CHUNK_SIZE", "HPE_HEADER_OVERFLOW", "HPE_INVALID_CONTENT_LENGTH"]);
  });

  it("a header line that is not name: value, wherever it is in the head", async () => {
    const answers = [
      "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nno colon here\r\n\r\n",
      "HTTP/1.1 200 OK\r\n: no name\r\nContent-Length: 0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nX-Split: a\nb\r\nContent-Length: 0\r\n\r\n",
    ];
    let i = 0;
    const { transport: t } = await setup((socket) => socket.write(answers[i++]!));
    const errors = [];
    for (let n = 0; n < answers.length; n++) errors.push(await failure(get(t)));
    expect(errors.map((error) => error.code)).toEqual(["HPE_INVALID_HEADER_TOKEN", "HPE_INVALID_HEADER_TOKEN", "HPE_INVALID_HEADER_TOKEN"]);
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringContaining('"no colon here"'),
      expect.stringContaining('": no name"'),
      expect.stringContaining('"X-Split: a\\nb"'),
    ]);
  });

  it("a refused connection was never sent", async () => {
    const { transport: t } = await setup(() => {});
    const port = (server!.address() as AddressInfo).port;
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const refused = createTransport(`127.0.0.1:${port}`);
    const error = await failure(get(refused));
    refused.close();
    t.close();
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.notSent).toBe(true);
  });

  it("a destroyed stream fails its answer and leaves the transport usable", async () => {
    const { transport: t } = await setup((socket, request) => {
      if (request.startsWith("GET")) socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    });
    const stream = t.openStream!("/s", { "transfer-encoding": "chunked" });
    stream.write(Buffer.from("abc"));
    stream.destroy(new Error("handler gave up"));
    expect((await failure(stream.response)).message).toMatch(/handler gave up/);
    expect((await get(t)).body.toString()).toBe("ok");
  });
});

describe("loopback-http reset()", () => {
  it("fails the request in flight on the dropped connection, and the next one goes out on a new one", async () => {
    let calls = 0;
    const { transport: t, received } = await setup((socket) => {
      if (calls++ > 0) socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    });
    const stalled = get(t);
    const queued = get(t);
    await new Promise((resolve) => setTimeout(resolve, 20));
    t.reset!();
    await expect(stalled).rejects.toMatchObject({ code: "ECONNRESET" });
    expect((await queued).body.toString()).toBe("ok");
    expect(received).toHaveLength(2);
  });
});
