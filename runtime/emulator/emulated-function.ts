// One named function of the emulator: its execution environment (a Sandbox and the Runtime API
// server its runtime talks to), the line of invokes waiting for it, and the swap to a fresh
// environment that `tslambda dev` asks for after a rebuild.
//
// Invokes wait here and are handed to the environment one at a time, each once the previous one
// has fully ended. So a restart never disturbs the invoke that is running (it ends on the old
// runtime), and every invoke that has not started yet runs on the new one. While the function is
// held (a rebuild is under way), waiting invokes stay waiting; none is dropped. A Lambda Managed
// Instances environment (AWS_LAMBDA_MAX_CONCURRENCY > 1) takes up to that many at once instead.
import type { Server } from "node:http";
import { versionOf, type FunctionSpec } from "./function-spec.ts";
import type { InvokeRequest, InvokeResult, InvokeTarget } from "./invoke-types.ts";
import type { ResponseSink } from "./response-sink.ts";
import { startRuntimeApiServer } from "./runtime-api-server.ts";
import { Sandbox } from "./sandbox.ts";

interface Environment {
  sandbox: Sandbox;
  server: Server;
}

interface Waiting {
  request: InvokeRequest;
  sink: ResponseSink | undefined;
  resolve(result: Promise<InvokeResult>): void;
}

export interface FunctionSettings {
  maxQueuedInvokes: number;
  /** Where the function's log lines go (START/END/REPORT, its output, the emulator's notes). */
  print: (line: string) => void;
}

export class EmulatedFunction implements InvokeTarget {
  #spec: FunctionSpec;
  #environment: Environment;
  readonly #settings: FunctionSettings;
  readonly #waiting: Waiting[] = [];
  #held = false;
  /** The dispatch loop, while it runs. */
  #pumping: Promise<void> | undefined;
  /** Managed Instances: invokes handed to the environment whose answer has not come yet. */
  #running = 0;
  /** Replaced environments finishing their last invoke and shutting down. */
  #retiring: Promise<unknown> = Promise.resolve();

  private constructor(spec: FunctionSpec, environment: Environment, settings: FunctionSettings) {
    this.#spec = spec;
    this.#environment = environment;
    this.#settings = settings;
  }

  static async start(spec: FunctionSpec, settings: FunctionSettings): Promise<EmulatedFunction> {
    return new EmulatedFunction(spec, await startEnvironment(spec, settings.print), settings);
  }

  get name(): string {
    return this.#spec.name;
  }

  get version(): string {
    return versionOf(this.#spec);
  }

  get spec(): FunctionSpec {
    return this.#spec;
  }

  get held(): boolean {
    return this.#held;
  }

  get full(): boolean {
    return this.#waiting.length >= this.#settings.maxQueuedInvokes;
  }

  invoke(request: InvokeRequest, sink?: ResponseSink): Promise<InvokeResult> {
    return new Promise((resolve) => {
      this.#waiting.push({ request, sink, resolve });
      this.#pump();
    });
  }

  /** Invokes that arrive from now on wait (the one running, if any, goes on) until release or restart. */
  hold(): void {
    this.#held = true;
  }

  /** Lets waiting invokes run again, on the same environment (a rebuild that failed). */
  release(): void {
    this.#held = false;
    this.#pump();
  }

  /**
   * Every invoke that has not started yet runs on a fresh environment (a new runtime process,
   * started at its first invoke) with `spec` when given; the running invoke ends on the old one,
   * which then shuts down. Releases a hold.
   */
  async restart(spec: FunctionSpec = this.#spec): Promise<void> {
    if (spec.name !== this.#spec.name) throw new Error(`restart keeps the name: ${JSON.stringify(this.#spec.name)}, not ${JSON.stringify(spec.name)}`);
    // Nothing is handed to the old environment while the new one's server starts.
    const held = this.#held;
    this.#held = true;
    let fresh: Environment;
    try {
      fresh = await startEnvironment(spec, this.#settings.print);
    } catch (error) {
      this.#held = held;
      this.#pump();
      throw error;
    }
    const old = this.#environment;
    this.#spec = spec;
    this.#environment = fresh;
    this.#retiring = Promise.all([this.#retiring, retire(old)]);
    this.release();
  }

  /** Runs what waits (a hold is lifted), then shuts the environment down. */
  async close(): Promise<void> {
    this.release();
    await this.#pumping;
    await this.#retiring;
    await retire(this.#environment);
  }

  #pump(): void {
    if (this.#environment.sandbox.concurrency > 1) {
      this.#pumpConcurrently();
      return;
    }
    if (this.#pumping !== undefined || this.#held || this.#waiting.length === 0) return;
    this.#pumping = (async () => {
      while (!this.#held && this.#waiting.length > 0) {
        // One environment at a time: a replaced one ends (its last invoke, its extensions' SHUTDOWN)
        // before the new one starts its runtime.
        await this.#retiring;
        if (this.#held) break;
        const next = this.#waiting.shift()!;
        const { sandbox } = this.#environment;
        next.resolve(sandbox.invoke(next.request, next.sink));
        await sandbox.drained;
      }
    })().finally(() => {
      this.#pumping = undefined;
      // A restart or release that came while the loop was finishing.
      this.#pump();
    });
  }

  /** Hands waiting invokes over while fewer than the environment's concurrency are unanswered. */
  #pumpConcurrently(): void {
    while (!this.#held && this.#waiting.length > 0 && this.#running < this.#environment.sandbox.concurrency) {
      const next = this.#waiting.shift()!;
      this.#running++;
      // A replaced environment finishes (and shuts down) before the new one takes invokes.
      const result = this.#retiring.then(() => this.#environment.sandbox.invoke(next.request, next.sink));
      next.resolve(result);
      void result
        .catch(() => {})
        .finally(() => {
          this.#running--;
          this.#pump();
        });
    }
  }
}

async function startEnvironment(spec: FunctionSpec, print: (line: string) => void): Promise<Environment> {
  const sandbox = new Sandbox(spec, print);
  const runtimeApi = await startRuntimeApiServer(sandbox, print);
  sandbox.runtimeApi = runtimeApi.hostPort;
  sandbox.prewarm();
  return { sandbox, server: runtimeApi.server };
}

/** Ends an environment; never rejects (a failed shutdown must not stop the next invoke). */
async function retire(environment: Environment): Promise<void> {
  await environment.sandbox.shutdown().catch(() => {});
  environment.server.closeAllConnections();
  await new Promise<void>((resolve) => environment.server.close(() => resolve()));
}
