// Start-up: load the function module, find its handler and run the invoke loop; or, with no
// Runtime API in the environment, start the local emulator around this same bootstrap.
import { installAwsLambdaGlobal } from "./awslambda-global.ts";
import { readConfig, readMaxConcurrency, readRuntimeApi, type RuntimeConfig } from "./config.ts";
import { toErrorResponse } from "./errors.ts";
import { installFaultHandlers, FAULT_EXIT_CODE } from "./faults.ts";
import { initBarrier } from "./init-barrier.ts";
import { installShutdownHandler } from "./shutdown.ts";
import { runInInvoke } from "./invoke-store.ts";
import { sharedLogger } from "./log.ts";
import { patchConsole } from "./logging/console-patch.ts";
import { InFlight } from "./in-flight.ts";
import { runPollers } from "./pollers.ts";
import { isSnapStart, snapshotAndRestore } from "./snapstart/cycle.ts";
import { installTraceEnv } from "./trace-env.ts";
import { loadFunctionModule, type ModuleLoader } from "./load-module.ts";
import { resolveHandler } from "./resolve-handler.ts";
import { RuntimeApi } from "./routes.ts";
import { createTransport } from "./transport/loopback-http.ts";
import type { Handler, ServeOptions } from "./types.ts";

export type { ModuleLoader };

interface Registration {
  handler: Handler;
  options: ServeOptions;
}

let loading = false;
let registered: Registration | undefined;

/** Called by serve(): inside start() it records the handler; on its own it starts the runtime. */
export function register(handler: Handler, options: ServeOptions): void {
  if (registered !== undefined) throw new Error("serve() was called twice; a function has one handler");
  registered = { handler, options };
  if (!loading) void start(async () => ({}));
}

export async function start(load: ModuleLoader): Promise<void> {
  if (!process.env["AWS_LAMBDA_RUNTIME_API"]) {
    // Loaded only here, so the emulator costs nothing on Lambda. It sits beside the bootstrap.
    const emulator = "./emulator.mjs";
    const { runEmulatorAround } = (await import(new URL(emulator, import.meta.url).href)) as {
      runEmulatorAround(bootstrapPath: string): Promise<void>;
    };
    await runEmulatorAround(process.argv[1] ?? "");
    return;
  }

  const logger = sharedLogger();
  patchConsole(logger);
  installAwsLambdaGlobal();

  let runtimeApi: string;
  try {
    runtimeApi = readRuntimeApi();
  } catch (error) {
    // No usable Runtime API address, so there is nowhere to report to but the log.
    logger.fatal("Cannot start:", error);
    process.exit(FAULT_EXIT_CODE);
  }

  // One client per poller: each Managed Instances poller has a connection of its own.
  const newApi = () => new RuntimeApi(
    createTransport(runtimeApi),
    (what, error) => logger.warn(`Runtime API: ${what} failed (${error.code}), retrying`),
    (requestId, error) =>
      runInInvoke({ requestId, traceId: undefined, tenantId: undefined }, () =>
        logger.error(`Runtime API: the event of this invoke was cut mid-body (${error.code}); it is lost and Lambda will time it out`),
      ),
  );
  const api = newApi();
  const inFlight = new InFlight();
  let initialising = true;
  const initFailed = async (error: unknown): Promise<never> => {
    logger.logError("Init Error", error);
    const shaped = toErrorResponse(error);
    const outcome = await api.initError(shaped);
    if (outcome.kind !== "accepted") logger.error(`Runtime API did not take the init error: ${JSON.stringify(outcome)}`);
    process.exit(FAULT_EXIT_CODE);
  };
  const concurrent = readMaxConcurrency() > 1;
  installFaultHandlers({ current: (strict) => inFlight.current(strict), initFailed, initialising: () => initialising, concurrent: () => concurrent }, logger);
  installShutdownHandler((message, error) => (error === undefined ? logger.warn(message) : logger.error(message, error)));
  // Before the function's code loads, so what it keeps of process.env is what the loop sets.
  if (!concurrent) installTraceEnv();

  let config: RuntimeConfig;
  let handler: Handler;
  let options: ServeOptions = {};
  try {
    // A malformed _HANDLER is an init error, reported before any user code runs.
    config = readConfig();
    loading = true;
    let module: Record<string, unknown>;
    try {
      module = await loadFunctionModule(load);
    } finally {
      loading = false;
    }
    handler = resolveHandler(module, config.handler, registered?.handler);
    options = registered?.options ?? {};
  } catch (error) {
    return initFailed(error);
  }
  // An internal extension registers during init; Lambda closes registration at the first /next.
  await initBarrier();
  if (isSnapStart()) await snapshotAndRestore({ api, logger, initFailed, exit: (code) => process.exit(code) });
  initialising = false;

  try {
    await runPollers({ config, logger, handler, options, track: (invocation, running) => inFlight.track(invocation, running) }, api, newApi);
  } catch (error) {
    logger.fatal("Runtime API failed, exiting so Lambda restarts the runtime:", error);
    process.exit(FAULT_EXIT_CODE);
  }
}

