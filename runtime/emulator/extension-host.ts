// The Extensions API as Lambda hosts it (PROTOCOL §3): starts every file in the extensions
// directory before the runtime, registers them (and internal extensions, until the runtime's
// first /next), fans INVOKE out to subscribers, and sends SHUTDOWN with a deadline before
// killing what is left. Extension output is printed with the extension's name.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { ApiAnswer } from "./api-answer.ts";

const MAX_EXTENSIONS = 10;
/** Variables Lambda keeps from extensions (PROTOCOL §3.1). */
const HIDDEN_FROM_EXTENSIONS = ["AWS_EXECUTION_ENV", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_XRAY_CONTEXT_MISSING", "AWS_XRAY_DAEMON_ADDRESS", "LAMBDA_RUNTIME_DIR", "LAMBDA_TASK_ROOT", "_AWS_XRAY_DAEMON_ADDRESS", "_AWS_XRAY_DAEMON_PORT", "_HANDLER"];

export type ExtensionEventType = "INVOKE" | "SHUTDOWN";

interface Extension {
  name: string;
  identifier: string;
  events: Set<ExtensionEventType>;
  internal: boolean;
  parked: ServerResponse | undefined;
  queued: object[];
  /** Has called /next since the last event it was given (or since registering). */
  idle: boolean;
  gone: boolean;
}

export interface ExtensionFailure {
  errorType: string;
  errorMessage: string;
}

export class ExtensionHost {
  readonly #print: (line: string) => void;
  readonly #functionInfo: () => { functionName: string; functionVersion: string };
  /** Told of each extension output line and registration (for telemetry). */
  onOutput: (name: string, line: string) => void = () => {};
  onRegistered: (name: string, events: string[]) => void = () => {};
  #processes = new Map<string, ChildProcess>();
  #extensions = new Map<string, Extension>();
  #registrationOpen = true;
  #failure: ExtensionFailure | undefined;
  #waiters = new Set<() => void>();
  /** Lambda Managed Instances: extensions may not subscribe to INVOKE (many run at once). */
  managedInstances = false;

  constructor(print: (line: string) => void, functionInfo: () => { functionName: string; functionVersion: string }) {
    this.#print = print;
    this.#functionInfo = functionInfo;
  }

  get count(): number {
    return this.#extensions.size;
  }

  /** Extension processes were started for this environment. */
  get launched(): boolean {
    return this.#processes.size > 0;
  }

  get hasExternal(): boolean {
    return [...this.#extensions.values()].some((e) => !e.internal);
  }

  /** The first init or exit error, or crash, since the last reset. */
  get failure(): ExtensionFailure | undefined {
    return this.#failure;
  }

  /** Starts every file of `dir`; returns how many. */
  launch(dir: string, env: NodeJS.ProcessEnv): number {
    let files: string[];
    try {
      files = readdirSync(dir).filter((name) => statSync(join(dir, name)).isFile()).sort();
    } catch {
      return 0;
    }
    const extensionEnv = { ...env };
    for (const name of HIDDEN_FROM_EXTENSIONS) delete extensionEnv[name];
    for (const name of files) {
      const child = spawn(join(dir, name), [], { env: extensionEnv, stdio: ["ignore", "pipe", "pipe"] });
      this.#processes.set(name, child);
      for (const stream of [child.stdout!, child.stderr!]) {
        createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => {
          this.#print(`[extension ${name}] ${line}`);
          this.onOutput(name, line);
        });
      }
      child.once("error", (error) => this.#fail({ errorType: "Extension.LaunchError", errorMessage: `${name}: ${error.message}` }));
      child.once("exit", (code, signal) => {
        const extension = [...this.#extensions.values()].find((e) => e.name === name && !e.internal);
        if (extension) extension.gone = true;
        if (!this.#shuttingDown) this.#fail({ errorType: "Extension.Crash", errorMessage: `${name} exited (${signal ?? `status ${code}`})` });
        this.#notify();
      });
    }
    return files.length;
  }

  #shuttingDown = false;

  /** Resolves once every launched extension has registered, or one failed. */
  async allRegistered(): Promise<void> {
    await this.#until(() => this.#failure !== undefined || [...this.#processes.keys()].every((name) => [...this.#extensions.values()].some((e) => e.name === name)));
  }

  /** Resolves once every registered extension has called /next (init done, or invoke done). */
  async allIdle(): Promise<void> {
    await this.#until(() => this.#failure !== undefined || [...this.#extensions.values()].every((e) => e.idle || e.gone));
  }

  nameOf(identifier: string | undefined): string | undefined {
    return identifier === undefined ? undefined : this.#extensions.get(identifier)?.name;
  }

  closeRegistration(): void {
    this.#registrationOpen = false;
  }

  // POST /2020-01-01/extension/register
  register(name: string | undefined, body: Buffer, acceptFeature: string | undefined): { answer: ApiAnswer; identifier?: string } {
    const refuse = (errorType: string, errorMessage: string) => ({ answer: { status: 403, body: { errorType, errorMessage } } });
    if (!name) return refuse("Extension.InvalidExtensionName", "Lambda-Extension-Name is required");
    if (!this.#registrationOpen) return refuse("Extension.RegistrationClosed", "registration closes when the runtime is initialised");
    if (this.#extensions.size >= MAX_EXTENSIONS) return refuse("Extension.TooManyExtensions", `at most ${MAX_EXTENSIONS} extensions`);
    let events: unknown;
    try {
      events = (JSON.parse(body.toString("utf8") || "{}") as { events?: unknown }).events ?? [];
    } catch {
      return { answer: { status: 403, body: { errorType: "InvalidRequestFormat", errorMessage: "body must be JSON" } } };
    }
    if (!Array.isArray(events) || events.some((e) => e !== "INVOKE" && e !== "SHUTDOWN")) {
      return refuse("Extension.InvalidEventType", "events may be INVOKE and SHUTDOWN");
    }
    if (this.managedInstances && events.includes("INVOKE")) {
      return refuse("Extension.InvalidEventType", "Lambda Managed Instances do not send INVOKE events; subscribe to SHUTDOWN only");
    }
    const external = this.#processes.has(name) && ![...this.#extensions.values()].some((e) => e.name === name && !e.internal);
    if (!external && events.includes("SHUTDOWN")) return refuse("Extension.InvalidEventType", "internal extensions cannot subscribe to SHUTDOWN");
    if ([...this.#extensions.values()].some((e) => e.name === name)) return refuse("Extension.InvalidExtensionName", `${name} is already registered`);
    const identifier = randomUUID();
    this.#extensions.set(identifier, { name, identifier, events: new Set(events as ExtensionEventType[]), internal: !external, parked: undefined, queued: [], idle: false, gone: false });
    this.onRegistered(name, events as string[]);
    this.#notify();
    const info = this.#functionInfo();
    const answer = { functionName: info.functionName, functionVersion: info.functionVersion, handler: process.env["_HANDLER"] ?? "", ...(acceptFeature?.includes("accountId") ? { accountId: "012345678912" } : {}) };
    return { answer: { status: 200, body: answer as Record<string, string> }, identifier };
  }

  // GET /2020-01-01/extension/event/next
  next(identifier: string | undefined, res: ServerResponse): ApiAnswer | undefined {
    const extension = this.#known(identifier);
    if ("status" in extension) return extension;
    extension.idle = true;
    const queued = extension.queued.shift();
    if (queued) {
      extension.idle = false;
      writeEvent(res, queued);
    } else {
      extension.parked = res;
      res.once("close", () => {
        if (extension.parked === res) extension.parked = undefined;
      });
    }
    this.#notify();
    return undefined;
  }

  // POST /2020-01-01/extension/init/error and /exit/error
  reportError(phase: "init" | "exit", identifier: string | undefined, errorType: string | undefined, body: Buffer): ApiAnswer {
    const extension = this.#known(identifier);
    if ("status" in extension) return extension;
    if (!errorType) return { status: 403, body: { errorType: "Extension.MissingHeader", errorMessage: "Lambda-Extension-Function-Error-Type is required" } };
    let message = body.toString("utf8");
    try {
      message = (JSON.parse(message) as { errorMessage?: string }).errorMessage ?? message;
    } catch {
      // keep the raw text
    }
    this.#print(`[extension ${extension.name}] ${phase} error ${errorType}: ${message}`);
    this.#fail({ errorType, errorMessage: `${extension.name}: ${message}` });
    return { status: 202, body: { status: "OK" } };
  }

  /** Sends INVOKE to every subscriber; they are busy until their next /next. */
  dispatchInvoke(event: { requestId: string; deadlineMs: number; invokedFunctionArn: string; traceId: string | undefined }): void {
    const body = {
      eventType: "INVOKE",
      deadlineMs: event.deadlineMs,
      requestId: event.requestId,
      invokedFunctionArn: event.invokedFunctionArn,
      ...(event.traceId ? { tracing: { type: "X-Amzn-Trace-Id", value: event.traceId } } : {}),
    };
    for (const extension of this.#extensions.values()) if (extension.events.has("INVOKE")) this.#send(extension, body);
  }

  /**
   * Shutdown (PROTOCOL §3.5): SHUTDOWN to subscribers with the deadline, then SIGKILL for any
   * extension process still running at it.
   */
  async shutdown(reason: string, deadlineMs: number): Promise<void> {
    this.#shuttingDown = true;
    const event = { eventType: "SHUTDOWN", shutdownReason: reason, deadlineMs };
    for (const extension of this.#extensions.values()) if (extension.events.has("SHUTDOWN") && !extension.gone) this.#send(extension, event);
    const running = [...this.#processes.values()].filter((child) => child.exitCode === null && child.signalCode === null);
    await Promise.race([
      Promise.all(running.map((child) => new Promise((resolve) => child.once("exit", resolve)))),
      new Promise((resolve) => setTimeout(resolve, Math.max(0, deadlineMs - Date.now()))),
    ]);
    for (const [name, child] of this.#processes) {
      if (child.exitCode === null && child.signalCode === null) {
        this.#print(`[extension ${name}] still running at the shutdown deadline: killed`);
        child.kill("SIGKILL");
      }
    }
    await Promise.all(running.map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((resolve) => child.once("exit", resolve)) : undefined)));
    this.#processes.clear();
    this.#extensions.clear();
    this.#registrationOpen = true;
    this.#failure = undefined;
    this.#shuttingDown = false;
  }

  #send(extension: Extension, event: object): void {
    extension.idle = false;
    const res = extension.parked;
    extension.parked = undefined;
    if (res && !res.destroyed) writeEvent(res, event);
    else extension.queued.push(event);
  }

  #known(identifier: string | undefined): Extension | ApiAnswer {
    if (!identifier) return { status: 403, body: { errorType: "Extension.MissingExtensionIdentifier", errorMessage: "Lambda-Extension-Identifier is required" } };
    const extension = this.#extensions.get(identifier);
    if (!extension) return { status: 403, body: { errorType: "Extension.UnknownExtensionIdentifier", errorMessage: `no extension ${identifier}` } };
    return extension;
  }

  #fail(failure: ExtensionFailure): void {
    this.#failure ??= failure;
    this.#notify();
  }

  #until(done: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!done()) return;
        this.#waiters.delete(check);
        resolve();
      };
      this.#waiters.add(check);
      check();
    });
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}

function writeEvent(res: ServerResponse, event: object): void {
  const body = JSON.stringify(event);
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "lambda-extension-event-identifier": randomUUID() });
  res.end(body);
}
