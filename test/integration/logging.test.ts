import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { FakeRuntimeApi, invokeHeaders } from "../helpers/fake-runtime-api.ts";
import { LocalFunction } from "../helpers/local-function.ts";

const ISO = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

describe("CloudWatch log formats from the built bootstrap", () => {
  it("text: one line per message with timestamp, request id and level; newlines kept inside as \\r", async () => {
    await using fn = await LocalFunction.start("fixtures/logging");
    const res = await fn.invoke({ marker: "m-1" });
    const lines = fn.logsFor(res.requestId).filter((l) => !/^(START|END|REPORT)/.test(l));
    const id = res.requestId;
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${ISO}\\t${id}\\tINFO\\tfirst line\\rsecond line m-1$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${ISO}\\t${id}\\tDEBUG\\tdebug detail$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${ISO}\\t${id}\\tWARN\\ta warning$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${ISO}\\t${id}\\tERROR\\tTypeError: logged error\\r    at `)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${ISO}\\t${id}\\tINFO\\tvia log.info \\{ n: 1 \\}$`)));
    // Logged at init, outside any invoke: no request id.
    expect(fn.logs()).toContainEqual(expect.stringMatching(new RegExp(`^${ISO}\\t\\tINFO\\tinit line$`)));
  });

  it("JSON with a level filter: one object per message, lower levels dropped", async () => {
    await using fn = await LocalFunction.start("fixtures/logging", { AWS_LAMBDA_LOG_FORMAT: "JSON", AWS_LAMBDA_LOG_LEVEL: "WARN" });
    const res = await fn.invoke({ marker: "m-2" }, { headers: { "x-amz-tenant-id": "t-7" } });
    const records = fn.logs().filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
    expect(records.map((r) => r.level)).toEqual(["WARN", "ERROR"]);
    expect(records[0]).toEqual({ timestamp: expect.stringMatching(new RegExp(`^${ISO}$`)), level: "WARN", requestId: res.requestId, tenantId: "t-7", message: "a warning" });
    // An Error logged alone is the record's message, as its fields (AWS's shape).
    expect(records[1]).toMatchObject({ level: "ERROR", requestId: res.requestId, message: { errorType: "TypeError", errorMessage: "logged error" } });
    expect(records[1].message.stackTrace[0]).toBe("TypeError: logged error");
  });

  it("frames records on _LAMBDA_TELEMETRY_LOG_FD so a multi-line message stays one event", async () => {
    await using api = await FakeRuntimeApi.start();
    api.push({ headers: invokeHeaders({ "lambda-runtime-aws-request-id": "fd-1" }), body: '{"marker":"m-3"}' });
    const child = spawn(process.execPath, [resolve("dist/fixtures/logging/bootstrap")], {
      env: { PATH: process.env["PATH"], AWS_LAMBDA_RUNTIME_API: api.address, _LAMBDA_TELEMETRY_LOG_FD: "3" },
      stdio: ["ignore", "pipe", "pipe", "pipe"],
    });
    const chunks: Buffer[] = [];
    child.stdio[3]!.on("data", (c: Buffer) => chunks.push(c));
    let stdout = "";
    child.stdout!.on("data", (c) => (stdout += c));
    await api.waitFor((r) => r.method === "POST");
    await api.waitFor((r) => r.method === "GET", 2);
    child.kill();
    await new Promise((done) => child.once("exit", done));

    const data = Buffer.concat(chunks);
    const frames: { type: number; message: string }[] = [];
    for (let at = 0; at < data.length; ) {
      const length = data.readInt32BE(at + 4);
      frames.push({ type: data.readUInt32BE(at), message: data.subarray(at + 16, at + 16 + length).toString() });
      at += 16 + length;
    }
    const multi = frames.find((f) => f.message.includes("first line"));
    expect(multi?.message).toMatch(new RegExp(`^${ISO}\\tfd-1\\tINFO\\tfirst line\\nsecond line m-3\\n$`));
    expect(multi?.type).toBe(0xa55a000f);
    expect(frames.find((f) => f.message.includes("a warning"))?.type).toBe(0xa55a0013);
    expect(frames).toHaveLength(6);
    expect(stdout).toBe("");
  });
});
