import { describe, expect, it } from "vitest";
import { encodePrelude, HttpResponseStream } from "../../runtime/streaming/http-response-stream.ts";
import type { ResponseStream } from "../../runtime/streaming/response-stream.ts";
import { streamifyResponse, type StreamingHandler } from "../../runtime/streaming/streamify.ts";
import type { Handler } from "../../runtime/types.ts";
import { invokeHeaders } from "../helpers/fake-runtime-api.ts";
import { useLoopHarness } from "../helpers/loop-harness.ts";
import { resolveHandler } from "../../runtime/resolve-handler.ts";

describe("streaming handlers through the loop", () => {
  const loop = useLoopHarness();

  const invoke = (handler: StreamingHandler, requestId = "s-1") =>
    loop.invoke(handler as unknown as Handler, { headers: invokeHeaders({ "lambda-runtime-aws-request-id": requestId, "lambda-runtime-invocation-id": "inv-s" }) });

  it("opens one chunked /response in streaming mode with the error trailers declared", async () => {
    const [post] = await invoke(streamifyResponse(async (_event, stream) => {
      stream.setContentType("text/plain");
      stream.write("hello ");
      await new Promise((resolve) => setTimeout(resolve, 20));
      stream.end("world");
    }));
    expect(post!.path).toBe("/2018-06-01/runtime/invocation/s-1/response");
    expect(post!.headers).toMatchObject({
      "lambda-runtime-function-response-mode": "streaming",
      "transfer-encoding": "chunked",
      trailer: "Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body",
      "content-type": "text/plain",
      "lambda-runtime-invocation-id": "inv-s",
    });
    expect(post!.body.toString()).toBe("hello world");
    expect(post!.chunkSizes.length).toBeGreaterThan(1);
    expect(post!.trailers).toEqual({});
  });

  it("reports an error after the first byte in the trailers (base64 JSON) and logs it", async () => {
    const [post, ...others] = await invoke(streamifyResponse(async (_event, stream) => {
      stream.write("partial");
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw new RangeError("broke mid-stream");
    }), "s-2");
    expect(others).toHaveLength(0);
    expect(post!.path).toMatch(/\/s-2\/response$/);
    expect(post!.body.toString()).toBe("partial");
    expect(post!.trailers["lambda-runtime-function-error-type"]).toBe("RangeError");
    const body = JSON.parse(Buffer.from(post!.trailers["lambda-runtime-function-error-body"]!, "base64").toString());
    expect(body).toMatchObject({ errorType: "RangeError", errorMessage: "broke mid-stream" });
    expect(loop.logs.join("")).toMatch(/\ts-2\tERROR\tInvoke Error \t\{"errorType":"RangeError"/);
  });

  it("uses /error when the handler fails before the first byte", async () => {
    const [post] = await invoke(streamifyResponse(async () => {
      throw new TypeError("nothing sent");
    }), "s-3");
    expect(post!.path).toBe("/2018-06-01/runtime/invocation/s-3/error");
    expect(JSON.parse(post!.body.toString())).toMatchObject({ errorType: "TypeError" });
  });

  it("ends a stream the handler left open, and sends an empty one when nothing was written", async () => {
    const [first] = await invoke(streamifyResponse(async (_e, stream) => void stream.write("x")), "s-4");
    expect(first!.body.toString()).toBe("x");
    loop.fake.requests.length = 0;
    const [second] = await invoke(streamifyResponse(async () => {}), "s-5");
    expect(second!.path).toMatch(/\/s-5\/response$/);
    expect(second!.body.length).toBe(0);
  });

  it("a stream kept past its invoke still says it was opened, sends nothing more, and absorbs a late error", async () => {
    let kept: ResponseStream | undefined;
    const [post] = await invoke(streamifyResponse(async (_e, stream) => {
      kept = stream;
      stream.write("x");
    }), "s-6");
    expect(post!.body.toString()).toBe("x");
    expect(kept!.opened).toBe(true);
    expect(() => kept!.setContentType("text/plain")).toThrow(/before the first write/);
    const late = await new Promise<Error | null | undefined>((resolve) => kept!.write("late", resolve));
    expect(late).toBeInstanceOf(Error);
    // An 'error' with no listener would be an uncaught exception and end the process.
    expect(() => kept!.emit("error", new Error("late"))).not.toThrow();
    loop.fake.requests.length = 0;
    const [next] = await invoke(streamifyResponse(async (_e, stream) => void stream.end("y")), "s-7");
    expect(next!.body.toString()).toBe("y");
  });

  it("HttpResponseStream.from writes the prelude and 8 NULs before the body", async () => {
    const [post] = await invoke(streamifyResponse(async (_e, stream) => {
      const http = HttpResponseStream.from(stream, { statusCode: 201, headers: { "x-a": "1" }, cookies: ["c=1"] });
      http.end("body");
    }));
    expect(post!.headers["content-type"]).toBe("application/vnd.awslambda.http-integration-response");
    const text = post!.body.toString("latin1");
    expect(text).toBe(`{"statusCode":201,"headers":{"x-a":"1"},"cookies":["c=1"]}${"\0".repeat(8)}body`);
    expect(encodePrelude({}).toString("latin1")).toBe(`{"statusCode":200,"headers":{},"cookies":[]}${"\0".repeat(8)}`);
  });

  it("streaming handlers take three parameters without being taken for callback-style", () => {
    const streaming = streamifyResponse(async (_event, _stream, _context) => {});
    expect(resolveHandler({ handler: streaming }, undefined)).toBe(streaming);
  });
});
