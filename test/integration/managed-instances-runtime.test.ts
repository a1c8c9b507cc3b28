// The built runtime with AWS_LAMBDA_MAX_CONCURRENCY set, against a fake Runtime API: N pollers at
// once, every invoke answered with its own ids (InvokeStore, context, logs), faults reported
// against the invoke they came from, then the process exits as in classic mode.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { FakeRuntimeApi, invokeHeaders } from "../helpers/fake-runtime-api.ts";

function runBootstrap(address: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [resolve("dist/fixtures/concurrent-probe/bootstrap")], {
    env: { PATH: process.env["PATH"], AWS_LAMBDA_RUNTIME_API: address, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk: Buffer) => output.push(...chunk.toString("utf8").split("\n").filter(Boolean)));
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  return { output, exited, [Symbol.asyncDispose]: async () => void child.kill("SIGKILL") };
}

const isNext = (r: { method: string; path: string }) => r.method === "GET" && r.path.endsWith("/invocation/next");

/** Once four pollers wait, sends a faulting invoke between two slow ones; resolves with the faulting invoke's /error report. */
async function faultBetweenSlowInvokes(api: FakeRuntimeApi, requestId: string, fault: { crash: true } | { reject: true }) {
  await api.waitFor(isNext, 4);
  api.push({ headers: invokeHeaders({ "lambda-runtime-aws-request-id": "slow-1" }), body: JSON.stringify({ wait: 2000 }) });
  api.push({ headers: invokeHeaders({ "lambda-runtime-aws-request-id": requestId }), body: JSON.stringify({ ...fault, wait: 2000 }) });
  api.push({ headers: invokeHeaders({ "lambda-runtime-aws-request-id": "slow-2" }), body: JSON.stringify({ wait: 2000 }) });
  const [reported] = await api.waitFor((r) => r.path.endsWith(`/${requestId}/error`));
  return reported!;
}

describe("Managed Instances runtime (AWS_LAMBDA_MAX_CONCURRENCY)", () => {
  it("polls with N connections at once and answers 200 concurrent invokes each with its own request, trace and tenant ids", async () => {
    await using api = await FakeRuntimeApi.start();
    await using runtime = runBootstrap(api.address, { AWS_LAMBDA_MAX_CONCURRENCY: "8" });
    // Eight /next calls are parked before any event exists, on eight different connections.
    await api.waitFor(isNext, 8);
    expect(api.sockets.size).toBeGreaterThanOrEqual(8);

    const ids = Array.from({ length: 200 }, (_, i) => ({ requestId: `req-${i}`, traceId: `Root=1-00000000-${String(i).padStart(24, "0")};Sampled=1`, tenantId: `tenant-${i}` }));
    for (const id of ids) {
      api.push({ headers: invokeHeaders({ "lambda-runtime-aws-request-id": id.requestId, "lambda-runtime-trace-id": id.traceId, "lambda-runtime-aws-tenant-id": id.tenantId }), body: "{}" });
    }
    const answers = await api.waitFor((r) => r.path.endsWith("/response"), 200);
    for (const id of ids) {
      const answer = answers.find((r) => r.path.includes(`/${id.requestId}/response`));
      expect(JSON.parse(answer!.body.toString())).toEqual({
        requestId: id.requestId,
        storeRequestId: id.requestId,
        storeTraceId: id.traceId,
        storeTenantId: id.tenantId,
        contextTraceId: id.traceId,
        contextTenantId: id.tenantId,
        // Nothing per invoke goes into process.env when invokes run side by side.
        envTraceId: null,
        initType: null,
      });
    }
    // Logs are JSON (even without AWS_LAMBDA_LOG_FORMAT), each under its own invoke's id.
    const probes = runtime.output.map((line) => JSON.parse(line) as { requestId: string; message: string; tenantId?: string }).filter((r) => r.message.startsWith("probe"));
    expect(probes).toHaveLength(200);
    for (const record of probes) {
      expect(record.message).toBe(`probe ${record.requestId}`);
      expect(record.tenantId).toBe(record.requestId.replace("req", "tenant"));
    }
  });

  it("reports an uncaught exception against the invoke it came from, then exits; the other invokes in flight are left unanswered", async () => {
    await using api = await FakeRuntimeApi.start();
    await using runtime = runBootstrap(api.address, { AWS_LAMBDA_MAX_CONCURRENCY: "4" });
    const reported = await faultBetweenSlowInvokes(api, "crasher", { crash: true });
    expect(JSON.parse(reported.body.toString())).toMatchObject({ errorType: "Runtime.UncaughtException", errorMessage: expect.stringContaining("crash in crasher") });
    expect(await runtime.exited).toBe(1);
    expect(api.requests.filter((r) => r.method === "POST").map((r) => r.path)).toEqual([expect.stringContaining("/crasher/error")]);
    const logged = runtime.output.map((line) => JSON.parse(line) as { requestId: string; level: string }).find((r) => r.level === "ERROR");
    expect(logged?.requestId).toBe("crasher");
  });

  it("reports an unhandled rejection against the invoke it came from, logged under its id, then exits; the other invokes in flight are left unanswered", async () => {
    await using api = await FakeRuntimeApi.start();
    await using runtime = runBootstrap(api.address, { AWS_LAMBDA_MAX_CONCURRENCY: "4" });
    const reported = await faultBetweenSlowInvokes(api, "rejecter", { reject: true });
    expect(JSON.parse(reported.body.toString())).toMatchObject({ errorType: "Runtime.UnhandledPromiseRejection", errorMessage: "rejected in rejecter" });
    expect(await runtime.exited).toBe(1);
    expect(api.requests.filter((r) => r.method === "POST").map((r) => r.path)).toEqual([expect.stringContaining("/rejecter/error")]);
    const errors = runtime.output.map((line) => JSON.parse(line) as { requestId: string; level: string }).filter((r) => r.level === "ERROR");
    expect(errors.map((r) => r.requestId)).toEqual(["rejecter"]);
  });
});
