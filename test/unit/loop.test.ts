import { describe, expect, it } from "vitest";
import type { Handler, ServeOptions } from "../../runtime/types.ts";
import { invokeHeaders } from "../helpers/fake-runtime-api.ts";
import { useLoopHarness } from "../helpers/loop-harness.ts";

describe("one invoke through the loop", () => {
  const loop = useLoopHarness();

  const invoke = (handler: Handler, event?: { headers?: Record<string, string>; body?: string | Buffer }, options?: ServeOptions) => loop.invoke(handler, event, options);

  it("posts the handler's JSON result to /response, echoing the invocation id", async () => {
    const headers = invokeHeaders({ "lambda-runtime-aws-request-id": "ok-1", "lambda-runtime-invocation-id": "nonce-1" });
    const [post] = await invoke(async (event: { n: number }, context) => ({ doubled: event.n * 2, id: context.awsRequestId }), { headers, body: '{"n":21}' });
    expect(post!.path).toBe("/2018-06-01/runtime/invocation/ok-1/response");
    expect(post!.headers["lambda-runtime-invocation-id"]).toBe("nonce-1");
    expect(JSON.parse(post!.body.toString())).toEqual({ doubled: 42, id: "ok-1" });
  });

  it("passes raw bytes both ways in raw mode", async () => {
    const bytes = Buffer.from([0, 0xff, 0x10, 0x80]);
    const [post] = await invoke(async (event: Uint8Array) => Buffer.from(event).reverse(), { body: bytes }, { mode: "raw" });
    expect([...post!.body]).toEqual([0x80, 0x10, 0xff, 0]);
    expect(post!.headers["content-type"]).toBe("application/octet-stream");
  });

  it("reports a throwing handler to /error and logs it with the request id", async () => {
    const headers = invokeHeaders({ "lambda-runtime-aws-request-id": "bad-1" });
    const [post] = await invoke(async () => { throw new SyntaxError("nope"); }, { headers });
    expect(post!.path).toBe("/2018-06-01/runtime/invocation/bad-1/error");
    expect(post!.headers["lambda-runtime-function-error-type"]).toBe("SyntaxError");
    expect(JSON.parse(post!.body.toString())).toMatchObject({ errorType: "SyntaxError", errorMessage: "nope" });
    expect(loop.logs.join("")).toMatch(/\tbad-1\tERROR\tInvoke Error \t\{"errorType":"SyntaxError"/);
  });

  it("reports a rejected promise and a thrown string", async () => {
    const [post] = await invoke(() => Promise.reject("plain string"));
    expect(JSON.parse(post!.body.toString())).toEqual({ errorType: "Error", errorMessage: "plain string", trace: [] });
  });

  it("fails an oversized result with Function.ResponseSizeTooLarge instead of sending it", async () => {
    const [post] = await invoke(async () => "x".repeat(7 * 1024 * 1024));
    expect(post!.path).toMatch(/\/error$/);
    expect(post!.headers["lambda-runtime-function-error-type"]).toBe("Function.ResponseSizeTooLarge");
    expect(post!.body.length).toBeLessThan(10_000);
  });

  it("sets _X_AMZN_TRACE_ID per invoke and removes it when absent", async () => {
    const seen: (string | undefined)[] = [];
    const handler = async () => void seen.push(process.env["_X_AMZN_TRACE_ID"]);
    await invoke(handler, { headers: invokeHeaders({ "lambda-runtime-trace-id": "Root=1-a-b;Sampled=1" }) });
    await invoke(handler);
    expect(seen).toEqual(["Root=1-a-b;Sampled=1", undefined]);
  });

  it("logs a 410 for a stale response and carries on", async () => {
    loop.fake.answerPost = () => ({ status: 410, body: '{"errorType":"InvocationTimedOut"}' });
    await invoke(async () => 1, { headers: invokeHeaders({ "lambda-runtime-aws-request-id": "late-1" }) });
    expect(loop.logs.join("")).toMatch(/WARN\t.*410 Gone.*late-1/);
    loop.fake.answerPost = () => ({ status: 202 });
    const posts = await invoke(async () => 2);
    expect(posts).toHaveLength(2);
  });

  it("fails a malformed invoke that has a request id, and skips one without", async () => {
    const posts = await invoke(async () => 1, { headers: { "lambda-runtime-aws-request-id": "mal-1", "lambda-runtime-deadline-ms": "later" } });
    expect(posts[0]!.path).toBe("/2018-06-01/runtime/invocation/mal-1/error");
    expect(posts[0]!.headers["lambda-runtime-function-error-type"]).toBe("Runtime.MalformedInvocation");
    const after = await invoke(async () => 1, { headers: { "lambda-runtime-deadline-ms": "1" } });
    expect(after).toHaveLength(1);
    expect(loop.logs.join("")).toMatch(/Malformed invocation.*missing lambda-runtime-aws-request-id/);
  });
});
