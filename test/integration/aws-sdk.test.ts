// AWS's own SDK as the caller: the wire format (headers, status codes, error types, event-stream
// framing) is whatever @aws-sdk/client-lambda understands, or these fail.
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  InvokeCommand,
  InvokeWithResponseStreamCommand,
  LambdaClient,
  RequestTooLargeException,
  ResourceNotFoundException,
  TooManyRequestsException,
  type InvokeWithResponseStreamResponseEvent,
} from "@aws-sdk/client-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../runtime/emulator/emulator.ts";
import type { FunctionSpec } from "../../runtime/emulator/function-spec.ts";

const built = (path: string) => [process.execPath, resolve("dist", path, "bootstrap")];
const spec = (name: string, command: string[]): FunctionSpec => ({
  name,
  command,
  memorySizeMB: 128,
  timeoutSeconds: 30,
  extensionsDir: join(tmpdir(), "tslambda-no-extensions"),
});
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const decode = (bytes: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(bytes));

describe("@aws-sdk/client-lambda against the emulator", () => {
  let emulator: RunningEmulator;
  let lambda: LambdaClient;
  /** No retries: a 429 must surface as itself, not after backoff. */
  let once: LambdaClient;

  beforeAll(async () => {
    emulator = await startEmulator(
      {
        host: "127.0.0.1",
        port: 0,
        limits: { headersTimeoutMs: 5000, requestTimeoutMs: 60_000, idleTimeoutMs: 5000, maxConnections: 64 },
        maxQueuedInvokes: 1,
        functions: [
          spec("echo", built("demos/echo")),
          spec("fail", built("demos/fail")),
          spec("stream", built("demos/stream")),
          spec("probe", built("fixtures/stream-probe")),
          spec("scripted", [process.execPath, resolve("test/fixtures/runtimes/scripted.mjs")]),
        ],
      },
      () => {},
    );
    const options = { endpoint: emulator.url, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } };
    lambda = new LambdaClient(options);
    once = new LambdaClient({ ...options, maxAttempts: 1 });
  });
  afterAll(async () => {
    lambda?.destroy();
    once?.destroy();
    await emulator?.close();
  });

  it("InvokeCommand: the result's bytes, status and version", async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: "echo", Payload: encode({ hello: "sdk", n: [1, 2] }) }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(out.ExecutedVersion).toBe("$LATEST");
    expect(decode(out.Payload)).toEqual({ hello: "sdk", n: [1, 2] });
  });

  it("InvokeCommand: FunctionError and the error JSON from the fail demo", async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: "fail", Payload: encode({}) }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe("Unhandled");
    expect(decode(out.Payload)).toMatchObject({ errorType: "DemoFailure" });
  });

  it("InvokeCommand with LogType Tail: LogResult is the invoke's log", async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: "scripted", Payload: encode({ print: 2 }), LogType: "Tail" }));
    const log = Buffer.from(out.LogResult ?? "", "base64").toString("utf8");
    expect(log).toMatch(/^START RequestId: \S+ Version: \$LATEST\nline 0 of 2\nline 1 of 2\nEND RequestId: \S+\nREPORT RequestId: /);
  });

  it("Event invocation: 202 and nothing to read", async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: "echo", InvocationType: "Event", Payload: encode({}) }));
    expect(out.StatusCode).toBe(202);
  });

  it("InvokeWithResponseStreamCommand: the first chunk arrives while the function still runs, then InvokeComplete", async () => {
    const gate = join(mkdtempSync(join(tmpdir(), "tslambda-sdk-")), "gate");
    const chunks = ["first chunk", "second", "third"].map((c) => Buffer.from(c).toString("base64"));
    const out = await lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: "probe", Payload: encode({ chunks, gate }), LogType: "Tail" }));
    expect(out.StatusCode).toBe(200);
    const received: string[] = [];
    let complete: InvokeWithResponseStreamResponseEvent["InvokeComplete"];
    for await (const event of out.EventStream!) {
      if (event.PayloadChunk?.Payload) {
        received.push(Buffer.from(event.PayloadChunk.Payload).toString("utf8"));
        // The function is blocked on the gate: this chunk came before it could finish.
        if (received.length === 1) {
          expect(existsSync(gate)).toBe(false);
          writeFileSync(gate, "");
        }
      }
      if (event.InvokeComplete) complete = event.InvokeComplete;
    }
    expect(received.join("")).toBe("first chunksecondthird");
    expect(complete).toBeDefined();
    expect(complete!.ErrorCode).toBeUndefined();
    expect(Buffer.from(complete!.LogResult ?? "", "base64").toString("utf8")).toMatch(/^START RequestId: [\s\S]*\nREPORT RequestId: /);
  });

  it("InvokeWithResponseStreamCommand: the stream demo's lines arrive one by one", async () => {
    const out = await lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: "stream", Payload: encode({ lines: 3, intervalMs: 200 }) }));
    const arrivals: { at: number; text: string }[] = [];
    let completed = false;
    for await (const event of out.EventStream!) {
      if (event.PayloadChunk?.Payload) arrivals.push({ at: Date.now(), text: Buffer.from(event.PayloadChunk.Payload).toString("utf8") });
      if (event.InvokeComplete) completed = event.InvokeComplete.ErrorCode === undefined;
    }
    const body = arrivals.map((a) => a.text).join("");
    expect(body).toMatch(/line 1 of 3 at [\s\S]*line 2 of 3 at [\s\S]*line 3 of 3 at /);
    // Separate messages for separate lines: line 3 was not yet written when line 1 arrived.
    expect(arrivals.find((a) => a.text.includes("line 1 of 3"))!.text).not.toContain("line 3 of 3");
    expect(completed).toBe(true);
  });

  it("InvokeWithResponseStreamCommand: a function error is InvokeComplete's ErrorCode", async () => {
    const out = await lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: "probe", Payload: encode({ chunks: [Buffer.from("x").toString("base64")], failAfterFirst: true }) }));
    let complete: InvokeWithResponseStreamResponseEvent["InvokeComplete"];
    for await (const event of out.EventStream!) if (event.InvokeComplete) complete = event.InvokeComplete;
    expect(complete?.ErrorCode).toBe("ProbeFailure");
    expect(JSON.parse(complete?.ErrorDetails ?? "{}")).toMatchObject({ errorType: "ProbeFailure" });
  });

  it("an unknown function is ResourceNotFoundException", async () => {
    const error = await lambda.send(new InvokeCommand({ FunctionName: "nope", Payload: encode({}) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
    expect((error as Error).message).toBe("Function not found: arn:aws:lambda:us-east-1:012345678912:function:nope");
    const streamed = await lambda.send(new InvokeWithResponseStreamCommand({ FunctionName: "nope" })).catch((e: unknown) => e);
    expect(streamed).toBeInstanceOf(ResourceNotFoundException);
  });

  it("a payload over 6 MB is RequestTooLargeException", async () => {
    const error = await lambda.send(new InvokeCommand({ FunctionName: "echo", Payload: new Uint8Array(6 * 1024 * 1024 + 1).fill(0x20) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTooLargeException);
    expect((error as RequestTooLargeException).$metadata.httpStatusCode).toBe(413);
  });

  it("too many waiting invokes is TooManyRequestsException", async () => {
    const gate = join(mkdtempSync(join(tmpdir(), "tslambda-sdk-")), "gate");
    const running = lambda.send(new InvokeCommand({ FunctionName: "scripted", Payload: encode({ gate }) }));
    await new Promise((r) => setTimeout(r, 200));
    const waiting = lambda.send(new InvokeCommand({ FunctionName: "scripted", Payload: encode({}) }));
    await new Promise((r) => setTimeout(r, 100));
    const error = await once.send(new InvokeCommand({ FunctionName: "scripted", Payload: encode({}) })).catch((e: unknown) => e);
    writeFileSync(gate, "");
    expect(error).toBeInstanceOf(TooManyRequestsException);
    expect((error as TooManyRequestsException).Reason).toBe("ReservedFunctionConcurrentInvocationLimitExceeded");
    expect((await running).StatusCode).toBe(200);
    expect((await waiting).StatusCode).toBe(200);
  });
});
