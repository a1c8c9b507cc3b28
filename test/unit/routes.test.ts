import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RuntimeApi, RuntimeApiFault } from "../../runtime/routes.ts";
import { createTransport as nodeHttp } from "../../runtime/transport/node-http.ts";
import { createTransport as undici } from "../../runtime/transport/undici.ts";
import { createTransport as loopback } from "../../runtime/transport/loopback-http.ts";
import { FakeRuntimeApi, invokeHeaders } from "../helpers/fake-runtime-api.ts";

const transports = { "node:http": nodeHttp, undici, "node:net (loopback-http)": loopback } as const;

describe.each(Object.entries(transports))("Runtime API routes over %s", (_name, createTransport) => {
  let fake: FakeRuntimeApi;
  let api: RuntimeApi;
  let retries: string[];

  beforeEach(async () => {
    fake = await FakeRuntimeApi.start();
    retries = [];
    api = new RuntimeApi(createTransport(fake.address), (what, error) => retries.push(`${what} ${error.code}`));
  });
  afterEach(async () => {
    api.close();
    await fake[Symbol.asyncDispose]();
  });

  it("GET /next returns the event body and headers", async () => {
    fake.push({ headers: invokeHeaders({ "lambda-runtime-aws-request-id": "abc" }), body: '{"x":1}' });
    const next = await api.next();
    expect(next.status).toBe(200);
    expect(next.body.toString()).toBe('{"x":1}');
    expect(next.headers["lambda-runtime-aws-request-id"]).toBe("abc");
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: "GET", path: "/2018-06-01/runtime/invocation/next" });
    expect(request!.headers["user-agent"]).toMatch(/^tslambda\//);
  });

  it("/next waits as long as Lambda takes (no client timeout)", async () => {
    const pending = api.next();
    await fake.waitFor((r) => r.method === "GET");
    await new Promise((resolve) => setTimeout(resolve, 300));
    fake.push({ headers: invokeHeaders(), body: "{}" });
    await expect(pending).resolves.toMatchObject({ status: 200 });
  });

  it("POST /response sends the body, content type and echoed invocation id", async () => {
    const outcome = await api.respond("req/1", '{"ok":true}', "application/json", "inv-9");
    expect(outcome).toEqual({ kind: "accepted" });
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: "POST", path: "/2018-06-01/runtime/invocation/req%2F1/response" });
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers["lambda-runtime-invocation-id"]).toBe("inv-9");
    expect(request!.headers["content-length"]).toBe("11");
    expect(request!.body.toString()).toBe('{"ok":true}');
  });

  it("POST /response sends no invocation id when /next carried none", async () => {
    await api.respond("r", new Uint8Array([0, 255]), "application/octet-stream", undefined);
    const [request] = fake.requests;
    expect(request!.headers).not.toHaveProperty("lambda-runtime-invocation-id");
    expect([...request!.body]).toEqual([0, 255]);
  });

  it("POST /error sends the error type header and the JSON error", async () => {
    const error = { errorType: "TypeError", errorMessage: "bad", trace: ["TypeError: bad", "    at x"] };
    await api.fail("r2", error, "inv-2");
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: "POST", path: "/2018-06-01/runtime/invocation/r2/error" });
    expect(request!.headers["lambda-runtime-function-error-type"]).toBe("TypeError");
    expect(request!.headers["lambda-runtime-invocation-id"]).toBe("inv-2");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request!.body.toString())).toEqual(error);
  });

  it("POST /init/error sends the error", async () => {
    await api.initError({ errorType: "Runtime.ImportModuleError", errorMessage: "nope", trace: [] });
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: "POST", path: "/2018-06-01/runtime/init/error" });
    expect(request!.headers["lambda-runtime-function-error-type"]).toBe("Runtime.ImportModuleError");
    expect(JSON.parse(request!.body.toString()).errorMessage).toBe("nope");
  });

  it("a 410 for a stale response is reported as stale, other statuses as rejected", async () => {
    fake.answerPost = (r) => (r.path.includes("stale") ? { status: 410, body: "{}" } : { status: 413, body: '{"errorType":"RequestEntityTooLarge"}' });
    await expect(api.respond("stale", "1", "application/json", undefined)).resolves.toEqual({ kind: "stale" });
    await expect(api.respond("big", "1", "application/json", undefined)).resolves.toEqual({
      kind: "rejected",
      status: 413,
      detail: '{"errorType":"RequestEntityTooLarge"}',
    });
  });

  it("retries /next after a connection reset and gets the event", async () => {
    fake.push({ reset: true });
    fake.push({ headers: invokeHeaders(), body: "{}" });
    await expect(api.next()).resolves.toMatchObject({ status: 200 });
    expect(retries).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === "GET")).toHaveLength(2);
  });

  it("gives up on /next with a RuntimeApiFault on a 5xx", async () => {
    fake.push({ status: 500, body: '{"errorType":"InternalServerError"}' });
    await expect(api.next()).rejects.toThrow(RuntimeApiFault);
  });

  it("does not resend a response whose connection was reset (it may have arrived)", async () => {
    fake.answerPost = () => ({ reset: true });
    const outcome = await api.respond("r3", "1", "application/json", undefined);
    expect(outcome.kind).toBe("unreachable");
    expect(fake.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });
});

describe("Runtime API unreachable", () => {
  it("retries a refused /next a bounded number of times, then faults", async () => {
    const fake = await FakeRuntimeApi.start();
    const address = fake.address;
    await fake[Symbol.asyncDispose]();
    const retries: string[] = [];
    const api = new RuntimeApi(nodeHttp(address), (what, error) => retries.push(`${what} ${error.code}`));
    await expect(api.next()).rejects.toThrow(/GET \/next failed 4 times.*ECONNREFUSED/);
    expect(retries).toEqual(Array(3).fill("GET /next ECONNREFUSED"));
    api.close();
  });

  it("retries a refused POST (it cannot have arrived)", async () => {
    const fake = await FakeRuntimeApi.start();
    const address = fake.address;
    await fake[Symbol.asyncDispose]();
    const retries: string[] = [];
    const api = new RuntimeApi(nodeHttp(address), (what) => retries.push(what));
    const outcome = await api.respond("r", "1", "application/json", undefined);
    expect(outcome.kind).toBe("unreachable");
    expect(retries).toHaveLength(3);
    api.close();
  });
});
