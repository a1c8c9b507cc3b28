import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readConfig } from "../../runtime/config.ts";
import { buildContext, readInvocationHeaders } from "../../runtime/context.ts";
import { formatText } from "../../runtime/logging/format.ts";
import { createLogger } from "../../runtime/logging/logger.ts";
import { RuntimeApi } from "../../runtime/routes.ts";
import { isSnapStart, snapshotAndRestore } from "../../runtime/snapstart/cycle.ts";
import { clearSnapStartHooks, onAfterRestore, onBeforeSnapshot } from "../../runtime/snapstart/hooks.ts";
import { createTransport } from "../../runtime/transport/loopback-http.ts";
import { FakeRuntimeApi, invokeHeaders } from "../helpers/fake-runtime-api.ts";

class Exited extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`exit ${code}`);
    this.code = code;
  }
}

describe("the SnapStart cycle against the Runtime API", () => {
  let fake: FakeRuntimeApi;
  let api: RuntimeApi;
  let logs: string[];
  /** Hooks and Runtime API calls, in the order they happened. */
  let order: string[];
  let initFailures: unknown[];

  const cycle = () =>
    snapshotAndRestore({
      api,
      logger: createLogger(formatText, (_level, record) => logs.push(record), undefined),
      initFailed: async (error) => {
        initFailures.push(error);
        throw new Exited(1);
      },
      exit: (code) => {
        throw new Exited(code);
      },
    });

  beforeEach(async () => {
    clearSnapStartHooks();
    fake = await FakeRuntimeApi.start();
    api = new RuntimeApi(createTransport(fake.address));
    logs = [];
    order = [];
    initFailures = [];
    fake.answerPost = (request) => {
      order.push(`${request.method} ${request.path}`);
      return request.path.endsWith("/restore/next") ? { status: 200, body: "" } : { status: 202, body: '{"status":"OK"}' };
    };
  });

  afterEach(async () => {
    api.close();
    await fake[Symbol.asyncDispose]();
  });

  it("runs only for AWS_LAMBDA_INITIALIZATION_TYPE=snap-start", () => {
    expect(isSnapStart({ AWS_LAMBDA_INITIALIZATION_TYPE: "snap-start" })).toBe(true);
    expect(isSnapStart({ AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand" })).toBe(false);
    expect(isSnapStart({})).toBe(false);
  });

  it("runs before-snapshot hooks in reverse order, waits for /restore/next, then after-restore hooks in order", async () => {
    onBeforeSnapshot(() => void order.push("before 1"));
    onBeforeSnapshot(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      order.push("before 2");
    });
    onAfterRestore(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      order.push("after 1");
    });
    onAfterRestore(() => void order.push("after 2"));
    await cycle();
    fake.push({ headers: invokeHeaders(), body: "{}" });
    await api.next();
    expect(order).toEqual(["before 2", "before 1", "GET /2018-06-01/runtime/restore/next", "after 1", "after 2"]);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /2018-06-01/runtime/restore/next", "GET /2018-06-01/runtime/invocation/next"]);
  });

  it("fails init with Runtime.BeforeSnapshotError when a before-snapshot hook throws, and never asks to be restored", async () => {
    const afterRan: string[] = [];
    onBeforeSnapshot(() => void afterRan.push("earlier hook"));
    onBeforeSnapshot(() => {
      throw new TypeError("pool would not close");
    });
    onAfterRestore(() => void afterRan.push("after"));
    await expect(cycle()).rejects.toThrow(Exited);
    expect(initFailures).toHaveLength(1);
    expect(initFailures[0]).toMatchObject({ name: "Runtime.BeforeSnapshotError", message: "pool would not close" });
    // Reverse order: the hook registered last ran first and stopped the rest.
    expect(afterRan).toEqual([]);
    expect(fake.requests).toEqual([]);
  });

  it("reports a throwing after-restore hook to /restore/error as Runtime.AfterRestoreError, then exits", async () => {
    const ran: string[] = [];
    onAfterRestore(() => {
      throw new RangeError("no credentials");
    });
    onAfterRestore(() => void ran.push("second"));
    const exited = await cycle().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(exited).toBeInstanceOf(Exited);
    expect((exited as Exited).code).not.toBe(0);
    expect(ran).toEqual([]);
    const [restoreNext, restoreError] = fake.requests;
    expect(restoreNext!.path).toBe("/2018-06-01/runtime/restore/next");
    expect(restoreError!.method).toBe("POST");
    expect(restoreError!.path).toBe("/2018-06-01/runtime/restore/error");
    expect(restoreError!.headers["lambda-runtime-function-error-type"]).toBe("Runtime.AfterRestoreError");
    expect(JSON.parse(restoreError!.body.toString())).toMatchObject({ errorType: "Runtime.AfterRestoreError", errorMessage: "no credentials" });
    expect(logs.join("")).toMatch(/Restore Error.*no credentials/);
  });

  it("drops the connection kept alive across the snapshot and opens a new one", async () => {
    await cycle();
    const [restoreNext] = fake.requests;
    fake.push({ headers: invokeHeaders(), body: "{}" });
    await api.next();
    const next = fake.requests[1]!;
    expect(next.clientPort).toBeDefined();
    expect(next.clientPort).not.toBe(restoreNext!.clientPort);
    const ports = () => [...fake.sockets].map((socket) => socket.remotePort);
    await expect.poll(ports).not.toContain(restoreNext!.clientPort);
  });

  it("exits when /restore/next is refused", async () => {
    fake.answerPost = () => ({ status: 500, body: '{"errorType":"Broken"}' });
    await expect(cycle()).rejects.toThrow(Exited);
    expect(logs.join("")).toMatch(/restore\/next.*500/);
  });
});

describe("deadlines across a restore's clock jump", () => {
  afterEach(() => vi.useRealTimers());

  it("measures the time left against the wall clock at the time of the call, not at init", () => {
    vi.useFakeTimers();
    // Snapshot taken at init; the restore happens days later and the clock jumps forward.
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
    const config = readConfig({ AWS_LAMBDA_RUNTIME_API: "127.0.0.1:9001" });
    vi.setSystemTime(new Date("2026-01-09T12:00:00Z"));
    const deadline = Date.now() + 3000;
    const context = buildContext(readInvocationHeaders(invokeHeaders({ "lambda-runtime-deadline-ms": String(deadline) })), config);
    expect(context.getRemainingTimeInMillis()).toBe(3000);
    vi.advanceTimersByTime(1000);
    expect(context.getRemainingTimeInMillis()).toBe(2000);
  });
});
