// Several functions in one emulator (what `tslambda dev` runs): routing by name, the [name] on
// each line, Tail logs, and hold/restart swapping a function's runtime without losing an invoke.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../runtime/emulator/emulator.ts";
import type { FunctionSpec } from "../../runtime/emulator/function-spec.ts";
import { invokeOver } from "../helpers/local-function.ts";

const SCRIPTED = resolve("test/fixtures/runtimes/scripted.mjs");
const limits = { headersTimeoutMs: 5000, requestTimeoutMs: 60_000, idleTimeoutMs: 5000, maxConnections: 64 };
const spec = (name: string, command: string[], env: Record<string, string> = {}): FunctionSpec => ({
  name,
  command,
  env,
  memorySizeMB: 128,
  timeoutSeconds: 10,
  extensionsDir: join(tmpdir(), "tslambda-no-extensions"),
});
const invokeUrl = (emulator: RunningEmulator, name: string) => `${emulator.url}/2015-03-31/functions/${encodeURIComponent(name)}/invocations`;
const settled = (promise: Promise<unknown>) => Promise.race([promise.then(() => true), new Promise((r) => setTimeout(() => r(false), 300))]);

describe("several functions in one emulator", () => {
  let emulator: RunningEmulator;
  const lines: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator(
      {
        host: "127.0.0.1",
        port: 0,
        limits,
        maxQueuedInvokes: 10,
        functions: [
          spec("echo", [process.execPath, resolve("dist/demos/echo/bootstrap")]),
          spec("fail", [process.execPath, resolve("dist/demos/fail/bootstrap")]),
          spec("scripted", [process.execPath, SCRIPTED], { GENERATION: "1" }),
        ],
      },
      (line) => lines.push(line),
    );
  });
  afterAll(() => emulator?.close());

  it("routes by name, by ARN and with a qualifier", async () => {
    const echoed = await invokeOver(invokeUrl(emulator, "echo"), { hello: "echo" });
    expect(echoed.json()).toEqual({ hello: "echo" });
    const failed = await invokeOver(invokeUrl(emulator, "fail"), {});
    expect(failed.functionError).toBe("Unhandled");
    const byArn = await invokeOver(`${invokeUrl(emulator, "arn:aws:lambda:us-east-1:012345678912:function:scripted")}?Qualifier=%24LATEST`, {});
    expect(byArn.json()).toMatchObject({ name: "scripted", generation: "1" });
    const partial = await invokeOver(invokeUrl(emulator, "012345678912:function:echo:$LATEST"), { partial: true });
    expect(partial.json()).toEqual({ partial: true });
  });

  it("answers an unknown name with Lambda's ResourceNotFoundException", async () => {
    for (const name of ["nope", "function"]) {
      const response = await invokeOver(invokeUrl(emulator, name), {});
      expect(response.status).toBe(404);
      expect(response.headers["x-amzn-errortype"]).toBe("ResourceNotFoundException");
      expect(response.json()).toEqual({ Type: "User", message: `Function not found: arn:aws:lambda:us-east-1:012345678912:function:${name}` });
    }
  });

  it("prefixes each function's lines with its name", async () => {
    const response = await invokeOver(invokeUrl(emulator, "scripted"), { print: 2 });
    const id = response.requestId;
    const mine = lines.filter((line) => line.startsWith("[scripted] "));
    expect(mine).toContain(`[scripted] START RequestId: ${id} Version: $LATEST`);
    expect(mine).toContain("[scripted] line 1 of 2");
    await expect.poll(() => lines.some((line) => line.startsWith(`[scripted] REPORT RequestId: ${id}`))).toBe(true);
    expect(lines.filter((line) => line.includes(id)).every((line) => line.startsWith("[scripted] "))).toBe(true);
  });

  it("Tail: X-Amz-Log-Result carries the invoke's log from START to REPORT, unprefixed", async () => {
    const response = await invokeOver(invokeUrl(emulator, "scripted"), { print: 3 }, { headers: { "x-amz-log-type": "Tail" } });
    const log = Buffer.from(String(response.headers["x-amz-log-result"]), "base64").toString("utf8").split("\n");
    const id = response.requestId;
    expect(log[0]).toBe(`START RequestId: ${id} Version: $LATEST`);
    expect(log.slice(1, 4)).toEqual(["line 0 of 3", "line 1 of 3", "line 2 of 3"]);
    expect(log[4]).toBe(`END RequestId: ${id}`);
    expect(log[5]).toMatch(new RegExp(`^REPORT RequestId: ${id}\\tDuration: `));
    const plain = await invokeOver(invokeUrl(emulator, "scripted"), {});
    expect(plain.headers["x-amz-log-result"]).toBeUndefined();
  });

  it("Tail keeps the last 4 KB of a long log", async () => {
    const response = await invokeOver(invokeUrl(emulator, "scripted"), { print: 400 }, { headers: { "x-amz-log-type": "Tail" } });
    const log = Buffer.from(String(response.headers["x-amz-log-result"]), "base64");
    expect(log.length).toBe(4096);
    const text = log.toString("utf8");
    expect(text).toContain("line 399 of 400\nEND RequestId:");
    expect(text).not.toContain("START RequestId");
    expect(text).not.toContain("line 0 of 400\n");
    expect(text.trimEnd().split("\n").at(-1)).toMatch(/^REPORT RequestId: /);
  });

  it("an invoke that arrives while held waits, then runs on the restarted runtime; the running one ends on the old", async () => {
    const first = await invokeOver(invokeUrl(emulator, "scripted"), {});
    const oldPid = first.json().pid;
    const running = invokeOver(invokeUrl(emulator, "scripted"), { sleepMs: 400 });
    await new Promise((r) => setTimeout(r, 100));
    emulator.hold("scripted");
    const waiting = invokeOver(invokeUrl(emulator, "scripted"), {});
    const alsoWaiting = invokeOver(invokeUrl(emulator, "scripted"), {}, { headers: { "x-amz-invocation-type": "Event" } });
    expect((await alsoWaiting).status).toBe(202);
    expect((await running).json()).toMatchObject({ pid: oldPid, generation: "1" });
    expect(await settled(waiting)).toBe(false);
    await emulator.restart("scripted", spec("scripted", [process.execPath, SCRIPTED], { GENERATION: "2" }));
    const after = (await waiting).json();
    expect(after.generation).toBe("2");
    expect(after.pid).not.toBe(oldPid);
    // The old runtime is gone; the new one serves from now on.
    expect(() => process.kill(oldPid, 0)).toThrow();
    expect((await invokeOver(invokeUrl(emulator, "scripted"), {})).json()).toMatchObject({ pid: after.pid, generation: "2" });
  });

  it("release lets held invokes run on the same runtime; other functions are not held", async () => {
    const before = (await invokeOver(invokeUrl(emulator, "scripted"), {})).json();
    emulator.hold("scripted");
    const waiting = invokeOver(invokeUrl(emulator, "scripted"), {});
    expect((await invokeOver(invokeUrl(emulator, "echo"), { free: true })).json()).toEqual({ free: true });
    expect(await settled(waiting)).toBe(false);
    emulator.release("scripted");
    expect((await waiting).json()).toEqual(before);
  });

  it("restart without hold: the invoke running finishes on the old runtime, the queued one runs on the new", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tslambda-restart-"));
    const gate = join(dir, "gate");
    const old = (await invokeOver(invokeUrl(emulator, "scripted"), {})).json();
    const running = invokeOver(invokeUrl(emulator, "scripted"), { gate });
    await new Promise((r) => setTimeout(r, 100));
    const queued = invokeOver(invokeUrl(emulator, "scripted"), {});
    await new Promise((r) => setTimeout(r, 100));
    const restarted = emulator.restart("scripted", spec("scripted", [process.execPath, SCRIPTED], { GENERATION: "3" }));
    await restarted;
    writeFileSync(gate, "");
    expect((await running).json()).toMatchObject({ pid: old.pid });
    expect((await queued).json()).toMatchObject({ generation: "3" });
  });

  it("hold, release or restart of an unknown name fails loudly", async () => {
    expect(() => emulator.hold("nope")).toThrow(/no function named "nope"/);
  });
});

describe("one function", () => {
  it("answers every name, RIE's `function` included, and prefixes nothing", async () => {
    const lines: string[] = [];
    const emulator = await startEmulator(
      { host: "127.0.0.1", port: 0, limits, maxQueuedInvokes: 10, functions: [spec("only", [process.execPath, SCRIPTED])] },
      (line) => lines.push(line),
    );
    try {
      for (const name of ["function", "only", "anything-else"]) {
        expect((await invokeOver(invokeUrl(emulator, name), {})).json()).toMatchObject({ name: "only" });
      }
      expect(lines.filter((line) => line.startsWith("START "))).toHaveLength(3);
      expect(lines.some((line) => line.startsWith("["))).toBe(false);
    } finally {
      await emulator.close();
    }
  });
});
