// Runs a built bootstrap the way a user does locally (no Runtime API, so it starts the
// emulator around itself) and exposes invoke(), the invoke URL and the collected log lines.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { request } from "undici";

export interface InvokeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The body parsed as JSON. */
  json<T = any>(): T;
  functionError: string | undefined;
  requestId: string;
}

export interface InvokeOptions {
  headers?: Record<string, string>;
}

const READY = /invoke API on (http:\/\/\S+?)\/2015-03-31/;
const FUNCTION_URL = /function URL on (http:\/\/\S+?)\/$/;

export class LocalFunction implements AsyncDisposable {
  readonly #child: ChildProcess;
  readonly #lines: string[] = [];
  readonly #waiters = new Set<() => void>();
  readonly url: string;
  /** The Function-URL-like front (http://127.0.0.1:port). */
  functionUrl = "";
  readonly exited: Promise<number | null>;

  private constructor(child: ChildProcess, url: string, lines: string[], exited: Promise<number | null>) {
    this.#child = child;
    this.url = url;
    this.#lines = lines;
    this.exited = exited;
  }

  /**
   * Starts dist/<group>/<name>/bootstrap (the runtime) with the emulator on a free loopback port,
   * the function from its task/ directory as LAMBDA_TASK_ROOT and the handler the build recorded
   * as _HANDLER, as Lambda would set them (both can be overridden through `env`).
   * `launch: "executed"` starts the emulator beside it (emulator.mjs) and has it execute the
   * bootstrap, as Lambda and AWS's RIE do, so its first line chooses Node.js and its option.
   */
  static async start(built: string, env: Record<string, string> = {}, launch: "by-node" | "executed" = "by-node"): Promise<LocalFunction> {
    const dir = resolve("dist", built);
    const record = JSON.parse(readFileSync(join(dir, "function.json"), "utf8")) as { handler: string };
    const args = launch === "executed" ? [join(dir, "emulator.mjs"), "--", join(dir, "bootstrap")] : [join(dir, "bootstrap")];
    const child = spawn(process.execPath, args, {
      env: {
        ...pathOnly(),
        LAMBDA_TASK_ROOT: join(dir, "task"),
        _HANDLER: record.handler,
        TSLAMBDA_EMULATOR_ADDRESS: "127.0.0.1:0",
        TSLAMBDA_FUNCTION_URL_ADDRESS: "127.0.0.1:0",
        // The function's external extensions, where a container would have /opt/extensions.
        TSLAMBDA_EXTENSIONS_DIR: join(dir, "extensions"),
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: string[] = [];
    let functionUrlSeen = "";
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    let fn: LocalFunction | undefined;
    const url = await new Promise<string>((resolveUrl, reject) => {
      const collect = (stream: NodeJS.ReadableStream) => {
        let partial = "";
        stream.setEncoding("utf8");
        stream.on("data", (chunk: string) => {
          const parts = (partial + chunk).split("\n");
          partial = parts.pop() ?? "";
          for (const line of parts) {
            lines.push(line);
            const functionUrl = FUNCTION_URL.exec(line);
            if (functionUrl) functionUrlSeen = functionUrl[1]!;
            const ready = READY.exec(line);
            if (ready) resolveUrl(ready[1]!);
          }
          fn?.notify();
        });
      };
      collect(child.stdout!);
      collect(child.stderr!);
      void exited.then((code) => reject(new Error(`bootstrap exited (${code}) before the emulator was ready:\n${lines.join("\n")}`)));
    });
    fn = new LocalFunction(child, url, lines, exited);
    fn.functionUrl = functionUrlSeen;
    return fn;
  }

  get invokeUrl(): string {
    return `${this.url}/2015-03-31/functions/function/invocations`;
  }

  /** Every line the emulator and the function printed so far. */
  logs(): string[] {
    return [...this.#lines];
  }

  /** Lines mentioning a request id. */
  logsFor(requestId: string): string[] {
    return this.#lines.filter((line) => line.includes(requestId));
  }

  /** Resolves once a printed line matches. */
  waitForLog(pattern: RegExp): Promise<string> {
    return new Promise((resolveLine) => {
      const check = () => {
        const line = this.#lines.find((l) => pattern.test(l));
        if (line !== undefined) {
          this.#waiters.delete(check);
          resolveLine(line);
        }
      };
      this.#waiters.add(check);
      check();
    });
  }

  notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  async invoke(event: unknown, options: InvokeOptions = {}): Promise<InvokeResponse> {
    const response = await invokeOver(this.invokeUrl, event, options);
    // The REPORT line is printed just after the answer; wait for it so logs are complete.
    if (response.requestId) await this.waitForLog(new RegExp(`^REPORT RequestId: ${response.requestId}`));
    return response;
  }

  get streamingInvokeUrl(): string {
    return `${this.url}/2021-11-15/functions/function/response-streaming-invocations`;
  }

  /** pid of the emulator process (the runtime is its child). */
  get pid(): number {
    return this.#child.pid!;
  }

  /** Stops the emulator as a container stop would (SIGTERM) and resolves with its exit code. */
  async stop(): Promise<number | null> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill("SIGTERM");
    return this.exited;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/** POSTs one invoke to an invoke URL (ours or AWS's emulator) and reads the answer. */
export async function invokeOver(url: string, event: unknown, options: InvokeOptions = {}): Promise<InvokeResponse> {
  const body = Buffer.isBuffer(event) || typeof event === "string" ? event : JSON.stringify(event);
  const res = await request(url, { method: "POST", body, headers: options.headers ?? {} });
  const bytes = Buffer.from(await res.body.arrayBuffer());
  const requestId = res.headers["x-amzn-requestid"];
  return {
    status: res.statusCode,
    headers: res.headers,
    body: bytes,
    json: () => JSON.parse(bytes.toString("utf8")),
    functionError: res.headers["x-amz-function-error"] as string | undefined,
    requestId: typeof requestId === "string" ? requestId : "",
  };
}

/** A clean environment: the function sees only what a test gives it. */
function pathOnly(): Record<string, string> {
  return { PATH: process.env["PATH"] ?? "/usr/bin:/bin" };
}
