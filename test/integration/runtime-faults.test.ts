// A Runtime API that misbehaves cannot make the built runtime misbehave: malformed invokes are
// failed with their ids, a stream of them is bounded, and an event cut mid-body is reported.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { FakeRuntimeApi, invokeHeaders } from "../helpers/fake-runtime-api.ts";

/** Runs a built bootstrap against a Runtime API at `address`, collecting its output. */
function runBootstrap(address: string, bootstrap = "demos/echo") {
  const child = spawn(process.execPath, [resolve("dist", bootstrap, "bootstrap")], {
    env: { PATH: process.env["PATH"], AWS_LAMBDA_RUNTIME_API: address },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk: Buffer) => output.push(...chunk.toString("utf8").split(/[\n\r]/).filter(Boolean)));
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  return { child, output, exited, [Symbol.asyncDispose]: async () => void child.kill("SIGKILL") };
}

describe("malformed invokes from /next", () => {
  it("are failed with the invocation id echoed and logged under their request id", async () => {
    await using api = await FakeRuntimeApi.start();
    await using runtime = runBootstrap(api.address);
    api.push({ headers: { ...invokeHeaders({ "lambda-runtime-aws-request-id": "bad-deadline" }), "lambda-runtime-deadline-ms": "soon", "lambda-runtime-invocation-id": "inv-7" }, body: "{}" });
    const [posted] = await api.waitFor((r) => r.path.endsWith("/bad-deadline/error"));
    expect(posted!.headers["lambda-runtime-invocation-id"]).toBe("inv-7");
    expect(JSON.parse(posted!.body.toString())).toMatchObject({ errorType: "Runtime.MalformedInvocation" });
    const logged = runtime.output.find((line) => line.includes("Malformed invocation"));
    expect(logged?.split("\t")[1]).toBe("bad-deadline");
    // The runtime goes on to the next invoke.
    api.push({ headers: invokeHeaders({ "lambda-runtime-aws-request-id": "good" }), body: '{"ok":true}' });
    const [answered] = await api.waitFor((r) => r.path.endsWith("/good/response"));
    expect(JSON.parse(answered!.body.toString())).toEqual({ ok: true });
  });

  it("a Runtime API that only answers malformed invokes gets a bounded number of /next calls, one log line, then the runtime exits", async () => {
    await using api = await FakeRuntimeApi.start();
    // 2 s worth of malformed answers at any rate the runtime asks: 200 without a request id.
    for (let i = 0; i < 5000; i++) api.push({ headers: { "lambda-runtime-deadline-ms": String(Date.now() + 30_000) }, body: "{}" });
    await using runtime = runBootstrap(api.address);
    const code = await Promise.race([runtime.exited, new Promise<"running">((done) => setTimeout(() => done("running"), 8000))]);
    expect(code).not.toBe(0);
    expect(code).not.toBe("running");
    const nexts = api.requests.filter((r) => r.path.endsWith("/invocation/next"));
    expect(nexts.length).toBeLessThanOrEqual(10);
    expect(runtime.output.filter((line) => line.includes("Malformed invocation"))).toHaveLength(1);
    expect(runtime.output.some((line) => /10 malformed invocations in a row/.test(line))).toBe(true);
  });
});

describe("an event cut mid-body", () => {
  it("is logged as lost under its request id, and the runtime asks for the next one", async () => {
    let nexts = 0;
    const server = createServer((req, res) => {
      if (req.url?.endsWith("/invocation/next")) {
        nexts++;
        if (nexts === 1) {
          res.writeHead(200, { ...invokeHeaders({ "lambda-runtime-aws-request-id": "cut-short" }), "content-length": "1000" });
          res.write('{"half":');
          setTimeout(() => res.socket?.destroy(), 20);
        }
        // Later /next calls stay parked: the test only needs to see them arrive.
        return;
      }
      res.writeHead(202).end();
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await using runtime = runBootstrap(address);
      await expect.poll(() => nexts, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
      await expect.poll(() => runtime.output.find((l) => l.includes("cut mid-body")), { timeout: 5000 }).toBeDefined();
      const line = runtime.output.find((l) => l.includes("cut mid-body"))!;
      expect(line.split("\t")[1]).toBe("cut-short");
      expect(line).toMatch(/\tERROR\t/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
