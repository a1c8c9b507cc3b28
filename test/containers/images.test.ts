import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, inject, it } from "vitest";
import { request } from "undici";
import { NODE_FLAG } from "../../runtime/node-flags.ts";
import { EventStreamReader } from "../helpers/event-stream-reader.ts";
import { INVOKE_PORT, LambdaContainer, type StartedLambdaContainer } from "../helpers/lambda-container.ts";

const docker = inject("docker");
const image = (demo: string) => `tslambda/${demo}:dev`;
const rie = process.env["AWS_LAMBDA_RIE"];

async function expectPlatformLines(fn: StartedLambdaContainer, requestId: string, cold: boolean) {
  const report = await fn.waitForLog(new RegExp(`^REPORT RequestId: ${requestId}`));
  const lines = fn.linesFor(requestId);
  expect(lines).toContain(`START RequestId: ${requestId} Version: $LATEST`);
  expect(lines).toContain(`END RequestId: ${requestId}`);
  expect(report).toMatch(/\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: \d+ MB\tMax Memory Used: \d+ MB\t/);
  if (cold) expect(report).toMatch(/Init Duration: [\d.]+ ms/);
}

describe.skipIf(!docker)("demo images with the built-in emulator", () => {
  describe.each(["linux/amd64", "linux/arm64"])("%s", (platform) => {
    it("echo returns the payload", async () => {
      await using fn = await new LambdaContainer(image("echo")).withPlatform(platform).start();
      const res = await fn.invoke({ hello: "container", n: [1, 2] });
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ hello: "container", n: [1, 2] });
      await expectPlatformLines(fn, res.requestId, true);
    });

    it("fail returns the error shape and logs it", async () => {
      await using fn = await new LambdaContainer(image("fail")).withPlatform(platform).start();
      const res = await fn.invoke({ message: `failing on ${platform}` });
      expect(res.functionError).toBe("Unhandled");
      expect(res.json()).toMatchObject({ errorType: "DemoFailure", errorMessage: `failing on ${platform}` });
      await expectPlatformLines(fn, res.requestId, true);
      expect(fn.linesFor(res.requestId).join("\n")).toMatch(/\tERROR\tInvoke Error \t\{"errorType":"DemoFailure"/);
    });
  });

  it("debug (amd64) shows the function's view, secrets redacted", async () => {
    await using fn = await new LambdaContainer(image("debug")).withFunctionEnv({ AWS_LAMBDA_FUNCTION_NAME: "dbg", API_TOKEN: "t0ps3cret" }).start();
    const res = await fn.invoke({ q: 1 });
    const body = res.json();
    expect(body.function.name).toBe("dbg");
    expect(body.runtime).toMatchObject({ node: "v24.21.0", arch: "x64", platform: "linux" });
    expect(body.environment).toMatchObject({ API_TOKEN: "[redacted]", LAMBDA_TASK_ROOT: "/var/task" });
    expect(JSON.stringify(body)).not.toContain("t0ps3cret");
    await expectPlatformLines(fn, res.requestId, true);
  });

  it("debug (amd64), its bootstrap executed as Lambda and AWS's RIE execute it, runs with the runtime's Node.js option", async () => {
    const executed = new LambdaContainer(image("debug")).withEntrypoint(["/var/lang/bin/node", "/var/runtime/emulator.mjs", "--", "/var/runtime/bootstrap"]);
    await using fn = await executed.start();
    const res = await fn.invoke({});
    expect(res.json().runtime).toMatchObject({ node: "v24.21.0", execArgv: [NODE_FLAG] });
  });

  it("oversize (amd64) fails with Function.ResponseSizeTooLarge and keeps serving", async () => {
    await using fn = await new LambdaContainer(image("oversize")).start();
    const big = await fn.invoke({});
    expect(big.json()).toMatchObject({ errorType: "Function.ResponseSizeTooLarge" });
    await expectPlatformLines(fn, big.requestId, true);
    const small = await fn.invoke({ bytes: 10 });
    expect(small.json()).toBe("x".repeat(8));
    await expectPlatformLines(fn, small.requestId, false);
  });

  it("stream (amd64) streams through InvokeWithResponseStream and a Function-URL front", async () => {
    await using fn = await new LambdaContainer(image("stream")).withExposedPorts(INVOKE_PORT, 8081).withFunctionEnv({ TSLAMBDA_FUNCTION_URL_ADDRESS: "0.0.0.0:8081" }).start();
    const res = await request(fn.getStreamingInvokeUrl(), { method: "POST", body: JSON.stringify({ lines: 3, intervalMs: 20 }) });
    const messages = await new EventStreamReader(res.body).rest();
    const chunks = messages.filter((m) => m.headers[":event-type"] === "PayloadChunk");
    const bytes = Buffer.concat(chunks.map((m) => m.payload)).toString("latin1");
    expect(bytes).toMatch(/^\{"statusCode":200,.*\}\0{8}line 1 of 3 at .*\nline 2 of 3 at .*\nline 3 of 3 at .*\n$/s);
    expect(messages.at(-1)!.headers[":event-type"]).toBe("InvokeComplete");
    await expectPlatformLines(fn, String(res.headers["x-amzn-requestid"]), true);

    const url = await request(fn.url(8081, "/?lines=2&intervalMs=10"));
    expect(url.statusCode).toBe(200);
    expect(url.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect((await url.body.text()).split("\n").filter(Boolean)).toHaveLength(2);
  });

  it("extension (amd64): the external extension in /opt/extensions sees each invoke and flushes at stop", async () => {
    const fn = await new LambdaContainer(image("extension")).start();
    const first = await fn.invoke({ n: 1 });
    const second = await fn.invoke({ n: 2 });
    await expectPlatformLines(fn, second.requestId, false);
    expect(fn.lines()).toContain(`[extension invocation-counter] INVOKE ${first.requestId}`);
    expect(fn.lines()).toContain(`[extension invocation-counter] INVOKE ${second.requestId}`);
    await fn.stop({ timeout: 10_000 });
    await fn.waitForLog(/\[extension invocation-counter\] summary: 2 invokes/);
    expect(fn.lines()).toContain(`[extension invocation-counter] summary: 2 invokes (0 traced), shutdown reason spindown, last ${second.requestId}`);
  });

  it("telemetry (amd64): the extension's Telemetry API subscription sees each invoke's report and log lines", async () => {
    await using fn = await new LambdaContainer(image("telemetry")).start();
    const res = await fn.invoke({ lines: 2 });
    const line = await fn.waitForLog(new RegExp(`summary ${res.requestId}: `));
    expect(line).toMatch(/: success, duration [\d.]+ ms, billed \d+ ms, memory \d+\/3008 MB, 2 log lines$/);
  });

  it.each(["linux/amd64", "linux/arm64"])("Node.js in the %s image trusts its bundled CAs, and the base's CA bundle with NODE_USE_SYSTEM_CA", (platform) => {
    const script = 'const tls = require("node:tls"); console.log(JSON.stringify({ bundled: tls.getCACertificates("bundled").length, system: tls.getCACertificates("system").length }))';
    const out = execFileSync("docker", ["run", "--rm", "--network", "none", "--platform", platform, "--entrypoint", "/var/lang/bin/node", image("echo"), "-e", script], { encoding: "utf8" });
    const counts = JSON.parse(out) as { bundled: number; system: number };
    expect(counts.bundled).toBeGreaterThan(100);
    expect(counts.system).toBeGreaterThan(100);
  });

  it("images run as non-root with the bootstrap as entrypoint, and have no shell", () => {
    const config = JSON.parse(execFileSync("docker", ["image", "inspect", image("echo"), "--format", "{{json .Config}}"], { encoding: "utf8" }));
    expect(config.User).toBe("65532:65532");
    expect(config.Entrypoint).toEqual(["/var/runtime/bootstrap"]);
    expect(config.Labels["org.opencontainers.image.source"]).toMatch(/^https:\/\//);
    for (const shell of ["/bin/sh", "/bin/bash", "/usr/bin/apt-get", "/usr/bin/dpkg"]) {
      const run = spawnSync("docker", ["run", "--rm", "--entrypoint", shell, image("echo"), "-c", "true"], { encoding: "utf8" });
      expect(run.status, `${shell} should not exist`).not.toBe(0);
    }
  });
});

if (docker && !rie) {
  console.warn("\n*** Real-RIE variant SKIPPED: set AWS_LAMBDA_RIE=/path/to/aws-lambda-rie to run the image tests against AWS's emulator. ***\n");
}

// AWS's emulator differs from Lambda (RIE-BEHAVIOUR.md): no X-Amz-Function-Error, fake memory.
describe.skipIf(!docker || !rie)("demo images behind AWS's real RIE", () => {
  it("telemetry: the client says clearly that RIE has no Telemetry API, and the function still works", async () => {
    await using fn = await new LambdaContainer(image("telemetry")).withAwsRie(rie!).start();
    const res = await fn.invoke({ lines: 1 });
    expect(res.json().logged).toBe(1);
    await fn.waitForLog(/telemetry off: this platform does not support the Telemetry API/);
  });

  it("extension: RIE starts /opt/extensions, which sees each invoke and gets SHUTDOWN at stop", async () => {
    const fn = await new LambdaContainer(image("extension")).withAwsRie(rie!).start();
    const res = await fn.invoke({ via: "rie" });
    expect(res.json().event).toEqual({ via: "rie" });
    await fn.waitForLog(/\[extension invocation-counter\] INVOKE|INVOKE /);
    await fn.stop({ timeout: 10_000 });
    // RIE prints extension output as is and sends SHUTDOWN with reason SandboxTerminated (RIE-BEHAVIOUR.md).
    await fn.waitForLog(/summary: 1 invokes \(0 traced\), shutdown reason SandboxTerminated/);
  });

  it("echo returns the payload", async () => {
    await using fn = await new LambdaContainer(image("echo")).withAwsRie(rie!).start();
    const res = await fn.invoke({ via: "rie" });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ via: "rie" });
    await fn.waitForLog(/^REPORT RequestId: /);
    expect(fn.lines().some((l) => /^START RequestId: \S+ Version: \$LATEST/.test(l))).toBe(true);
    expect(fn.lines().some((l) => /^END RequestId: /.test(l))).toBe(true);
  });

  it("fail returns the error JSON (RIE sends it with status 200 and no X-Amz-Function-Error)", async () => {
    await using fn = await new LambdaContainer(image("fail")).withAwsRie(rie!).start();
    const res = await fn.invoke({ message: "via rie" });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ errorType: "DemoFailure", errorMessage: "via rie" });
    await fn.waitForLog(/^REPORT RequestId: /);
  });
});
