import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { EventStreamReader, type EventMessage } from "../helpers/event-stream-reader.ts";
import { LocalFunction } from "../helpers/local-function.ts";

const b64 = (data: Buffer | string) => Buffer.from(data).toString("base64");

/** The digest of the probe's `varied` stream of that many MB (its blocks, as the probe makes them). */
function variedDigest(megabytes: number): string {
  const hash = createHash("sha256");
  const total = megabytes * 1000 * 1000;
  for (let sent = 0, n = 0; sent < total; sent += 64 * 1024, n++) {
    const block = Buffer.allocUnsafe(Math.min(64 * 1024, total - sent));
    for (let i = 0; i < block.length; i++) block[i] = (n * 7 + i) % 251;
    hash.update(block);
  }
  return hash.digest("hex");
}

/** Reads a body slowly (a pause every few chunks), so the relay's writes to it often wait. */
async function slowDigest(body: AsyncIterable<Buffer>): Promise<string> {
  const hash = createHash("sha256");
  let n = 0;
  for await (const chunk of body) {
    hash.update(chunk);
    if (++n % 8 === 0) await sleep(2);
  }
  return hash.digest("hex");
}

async function streamInvoke(fn: LocalFunction, event: unknown) {
  const res = await request(fn.streamingInvokeUrl, { method: "POST", body: JSON.stringify(event) });
  return { res, reader: new EventStreamReader(res.body) };
}

const kind = (m: EventMessage | undefined) => m?.headers[":event-type"];
const complete = (messages: EventMessage[]) => JSON.parse(messages.at(-1)!.payload.toString());
const payloadOf = (messages: EventMessage[]) => Buffer.concat(messages.filter((m) => kind(m) === "PayloadChunk").map((m) => m.payload));

describe("response streaming through the emulator", () => {
  it("the first chunk reaches the caller while the handler is still running", async () => {
    await using fn = await LocalFunction.start("fixtures/stream-probe");
    const gate = join(mkdtempSync(join(tmpdir(), "gate-")), "open");
    const { res, reader } = await streamInvoke(fn, { chunks: [b64("first"), b64("second")], gate });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/vnd.amazon.eventstream");
    // The handler waits for the gate after its first chunk: seeing it now proves streaming.
    const first = await reader.next();
    expect(kind(first)).toBe("PayloadChunk");
    expect(first!.payload.toString()).toBe("first");
    writeFileSync(gate, "");
    const rest = await reader.rest();
    expect(payloadOf(rest).toString()).toBe("second");
    expect(kind(rest.at(-1))).toBe("InvokeComplete");
    expect(complete(rest)).toEqual({ LogResult: "" });
  });

  it("binary chunks round-trip exactly", async () => {
    await using fn = await LocalFunction.start("fixtures/stream-probe");
    const chunks = [randomBytes(1), randomBytes(70_000), Buffer.from([0, 0, 0, 0, 0, 0, 0, 0]), randomBytes(4096), Buffer.from(Array.from({ length: 256 }, (_, i) => i))];
    const { reader } = await streamInvoke(fn, { chunks: chunks.map(b64) });
    const messages = await reader.rest();
    expect(payloadOf(messages).equals(Buffer.concat(chunks))).toBe(true);
    expect(complete(messages)).not.toHaveProperty("ErrorCode");
  });

  it("an error after the first byte arrives as InvokeComplete with the error; the next invoke works", async () => {
    await using fn = await LocalFunction.start("fixtures/stream-probe");
    const { res, reader } = await streamInvoke(fn, { chunks: [b64("before"), b64("never")], failAfterFirst: true });
    const messages = await reader.rest();
    expect(payloadOf(messages).toString()).toBe("before");
    const done = complete(messages);
    expect(done.ErrorCode).toBe("ProbeFailure");
    expect(JSON.parse(done.ErrorDetails)).toMatchObject({ errorType: "ProbeFailure", errorMessage: "failed after the first chunk" });
    const requestId = String(res.headers["x-amzn-requestid"]);
    await fn.waitForLog(new RegExp(`^REPORT RequestId: ${requestId}`));
    expect(fn.logsFor(requestId).join("\n")).toMatch(/\tERROR\tInvoke Error \t\{"errorType":"ProbeFailure"/);

    const next = await streamInvoke(fn, { chunks: [b64("again")] });
    expect(payloadOf(await next.reader.rest()).toString()).toBe("again");
  });

  it("an error before the first byte is a plain function error", async () => {
    await using fn = await LocalFunction.start("fixtures/stream-probe");
    const { reader } = await streamInvoke(fn, { failBeforeFirst: true });
    const messages = await reader.rest();
    expect(messages.filter((m) => kind(m) === "PayloadChunk")).toHaveLength(0);
    expect(complete(messages).ErrorCode).toBe("ProbeFailure");
    const buffered = await fn.invoke({ failBeforeFirst: true });
    expect(buffered.functionError).toBe("Unhandled");
    expect(buffered.json()).toMatchObject({ errorType: "ProbeFailure", errorMessage: "failed before the first byte" });
  });

  it("the buffered invoke API collects a streamed body", async () => {
    await using fn = await LocalFunction.start("fixtures/stream-probe");
    const res = await fn.invoke({ chunks: [b64("one "), b64("two")] });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe("one two");
    expect(res.functionError).toBeUndefined();
  });

  it("a caller that disconnects mid-stream does not crash the runtime", async () => {
    await using fn = await LocalFunction.start("fixtures/stream-probe");
    const controller = new AbortController();
    const res = await request(fn.streamingInvokeUrl, { method: "POST", body: JSON.stringify({ megabytes: 30 }), signal: controller.signal });
    const reader = new EventStreamReader(res.body);
    expect(kind(await reader.next())).toBe("PayloadChunk");
    controller.abort();
    const requestId = String(res.headers["x-amzn-requestid"]);
    await fn.waitForLog(new RegExp(`^REPORT RequestId: ${requestId}`));
    const after = await fn.invoke({ chunks: [b64("still here")] });
    expect(after.body.toString()).toBe("still here");
    expect(fn.logs().some((l) => l.includes("Runtime exited"))).toBe(false);
  });

  it("200 MB streams through with the runtime's memory bounded", async () => {
    await using fn = await LocalFunction.start("fixtures/stream-probe");
    const res = await request(fn.streamingInvokeUrl, { method: "POST", body: JSON.stringify({ megabytes: 200 }) });
    const reader = new EventStreamReader(res.body);
    let bytes = 0;
    let last: EventMessage | undefined;
    for (let m = await reader.next(); m !== undefined; m = await reader.next()) {
      if (kind(m) === "PayloadChunk") bytes += m.payload.length;
      last = m;
    }
    expect(bytes).toBe(200_000_000);
    expect(JSON.parse(last!.payload.toString())).not.toHaveProperty("ErrorCode");
    const report = await fn.waitForLog(new RegExp(`^REPORT RequestId: ${res.headers["x-amzn-requestid"]}`));
    const maxUsed = Number(/Max Memory Used: (\d+) MB/.exec(report)![1]);
    // Loose on purpose (timing and GC vary): the point is "far below the 200 MB payload".
    expect(maxUsed).toBeLessThan(120);
  });

  it("every byte of a long stream arrives, in order, to a caller that reads slowly", async () => {
    // Distinct blocks, so a piece whose memory the relay gave back too soon would show.
    await using fn = await LocalFunction.start("fixtures/stream-probe");
    const { reader } = await streamInvoke(fn, { megabytes: 24, varied: true });
    const hash = createHash("sha256");
    let n = 0;
    for (let m = await reader.next(); m !== undefined; m = await reader.next()) {
      if (kind(m) === "PayloadChunk") hash.update(m.payload);
      if (++n % 8 === 0) await sleep(2);
    }
    expect(hash.digest("hex")).toBe(variedDigest(24));
  });

  it("a stream over Lambda's 200 MiB limit fails with Function.ResponseSizeTooLarge", async () => {
    await using fn = await LocalFunction.start("fixtures/stream-probe");
    const { reader } = await streamInvoke(fn, { megabytes: 215 });
    const messages = await reader.rest();
    expect(complete(messages).ErrorCode).toBe("Function.ResponseSizeTooLarge");
    expect(payloadOf(messages).length).toBeLessThanOrEqual(200 * 1024 * 1024);
  });
});

describe("Function-URL-like front", () => {
  it("decodes the prelude: status, headers and cookies, then the body streams", async () => {
    await using fn = await LocalFunction.start("fixtures/stream-probe");
    const res = await request(`${fn.functionUrl}/any/path?x=1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ http: { statusCode: 418, headers: { "x-probe": "yes", "content-type": "text/plain" }, cookies: ["a=1; Path=/", "b=2"] }, chunks: [b64("short "), b64("and stout")] }),
    });
    expect(res.statusCode).toBe(418);
    expect(res.headers["x-probe"]).toBe("yes");
    expect(res.headers["content-type"]).toBe("text/plain");
    expect(res.headers["set-cookie"]).toEqual(["a=1; Path=/", "b=2"]);
    expect(await res.body.text()).toBe("short and stout");
  });

  it("serves the stream demo line by line, and a buffered function's payload 2.0 response", async () => {
    await using fn = await LocalFunction.start("demos/stream");
    const res = await request(`${fn.functionUrl}/?lines=3&intervalMs=10`);
    expect(res.statusCode).toBe(200);
    expect([res.headers["set-cookie"]].flat()).toEqual(["demo=stream; Path=/; HttpOnly"]);
    expect((await res.body.text()).trim().split("\n").map((l) => l.replace(/ at .*/, ""))).toEqual(["line 1 of 3", "line 2 of 3", "line 3 of 3"]);

    await using echo = await LocalFunction.start("demos/echo");
    const plain = await request(`${echo.functionUrl}/hello?name=ada`, { headers: { cookie: "k=v" } });
    expect(plain.statusCode).toBe(200);
    const event = (await plain.body.json()) as { rawPath: string; queryStringParameters: Record<string, string>; cookies: string[]; requestContext: { http: { method: string } } };
    expect(event).toMatchObject({ rawPath: "/hello", queryStringParameters: { name: "ada" }, cookies: ["k=v"], requestContext: { http: { method: "GET" } } });
  });

  it("200 MB streams through to a caller that reads as it goes", async () => {
    // Long enough for the caller to fall behind many times: each time the relay waits for the
    // caller's socket to drain, and a missed drain would stall the stream here.
    await using fn = await LocalFunction.start("fixtures/stream-probe");
    const res = await request(`${fn.functionUrl}/`, { method: "POST", body: JSON.stringify({ megabytes: 200 }) });
    expect(res.statusCode).toBe(200);
    let bytes = 0;
    let other = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      for (const byte of chunk) if (byte !== 0x61) other++;
    }
    expect(bytes).toBe(200_000_000);
    expect(other).toBe(0);
  });

  it("every byte of a long stream arrives, in order, to a caller that reads slowly", async () => {
    await using fn = await LocalFunction.start("fixtures/stream-probe");
    const res = await request(`${fn.functionUrl}/`, { method: "POST", body: JSON.stringify({ megabytes: 24, varied: true }) });
    expect(res.statusCode).toBe(200);
    expect(await slowDigest(res.body as AsyncIterable<Buffer>)).toBe(variedDigest(24));

    // The same behind an HTTP-integration prelude, whose first pieces the front holds back.
    const http = { statusCode: 201, headers: { "content-type": "application/octet-stream" }, cookies: [] };
    const framed = await request(`${fn.functionUrl}/`, { method: "POST", body: JSON.stringify({ megabytes: 24, varied: true, http }) });
    expect(framed.statusCode).toBe(201);
    expect(await slowDigest(framed.body as AsyncIterable<Buffer>)).toBe(variedDigest(24));
  });

  it("answers 502 when the function fails before streaming", async () => {
    await using fn = await LocalFunction.start("demos/fail");
    const res = await request(`${fn.functionUrl}/`);
    expect(res.statusCode).toBe(502);
    expect(await res.body.json()).toEqual({ Message: "Internal Server Error" });
  });
});
