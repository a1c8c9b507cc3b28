// registerExtension(): a Lambda extension in a few lines. External extensions (their own
// process under /opt/extensions) get INVOKE and SHUTDOWN and exit after SHUTDOWN; internal ones
// (inside the runtime process) get INVOKE only and register before the runtime's first invoke.
import { toErrorResponse } from "../errors.ts";
import { delayFirstInvoke } from "../init-barrier.ts";
import { createTransport } from "../transport/loopback-http.ts";
import { ExtensionApi } from "./extension-api.ts";
import type { ExtensionEventType, ExtensionOptions, InvokeEvent, Registration, ShutdownEvent } from "./types.ts";

/** Time kept back from the shutdown deadline so the process can exit before SIGKILL. */
const SHUTDOWN_MARGIN_MS = 50;

export interface RunningExtension {
  registration: Registration;
  /** Resolves when the extension's loop ends (after SHUTDOWN, for an external one). */
  done: Promise<void>;
}

let identifier: string | undefined;

/** The Lambda-Extension-Identifier of this process's registered extension, if any. */
export function currentIdentifier(): string | undefined {
  return identifier;
}

export async function registerExtension(options: ExtensionOptions): Promise<RunningExtension> {
  const runtimeApi = process.env["AWS_LAMBDA_RUNTIME_API"];
  if (!runtimeApi) throw new Error("registerExtension() needs AWS_LAMBDA_RUNTIME_API (run it on Lambda or under the emulator)");
  const internal = options.internal ?? false;
  if (internal && options.onShutdown) throw new Error("internal extensions cannot subscribe to SHUTDOWN (Lambda rejects it); use onShutdown() from the runtime");
  const name = options.name ?? scriptName();
  const events: ExtensionEventType[] = [];
  if (options.onInvoke) events.push("INVOKE");
  if (options.onShutdown || !internal) events.push("SHUTDOWN");

  const api = new ExtensionApi(createTransport(runtimeApi));
  const registered = api.register(name, events);
  if (internal) delayFirstInvoke(registered);
  const registration = await registered;
  identifier = registration.identifier;

  try {
    await options.onInit?.(registration);
  } catch (error) {
    log(name, "init failed:", error);
    await api.initError(`Extension.${errorName(error)}`, toErrorResponse(error)).catch(() => {});
    if (!internal) process.exit(1);
    throw error;
  }

  const done = (async () => {
    for (;;) {
      let event;
      try {
        event = await api.next();
      } catch (error) {
        log(name, "Extensions API failed:", error);
        await api.exitError("Extension.ApiFailure", toErrorResponse(error)).catch(() => {});
        if (!internal) process.exit(1);
        return;
      }
      if (event.eventType === "INVOKE") {
        await handle(name, () => options.onInvoke?.(event as InvokeEvent));
        continue;
      }
      await shutdown(name, event, options.onShutdown);
      api.close();
      if (!internal) process.exit(0);
      return;
    }
  })();
  return { registration, done };
}

async function shutdown(name: string, event: ShutdownEvent, hook: ExtensionOptions["onShutdown"]): Promise<void> {
  const left = event.deadlineMs - Date.now() - SHUTDOWN_MARGIN_MS;
  let timer: NodeJS.Timeout | undefined;
  const cut = new Promise<void>((resolve) => (timer = setTimeout(() => {
    log(name, `shutdown hook still running at the deadline (${event.shutdownReason}); exiting`);
    resolve();
  }, Math.max(0, left))));
  await Promise.race([handle(name, () => hook?.(event)), cut]);
  clearTimeout(timer);
}

/** A throwing hook is logged; the extension keeps serving, as one bad invoke should not kill it. */
async function handle(name: string, hook: () => void | Promise<void>): Promise<void> {
  try {
    await hook();
  } catch (error) {
    log(name, "hook failed:", error);
  }
}

function log(name: string, ...args: unknown[]): void {
  console.error(`[${name}]`, ...args);
}

function scriptName(): string {
  const script = process.argv[1] ?? "extension";
  return script.slice(script.lastIndexOf("/") + 1);
}

/** Extension.<ErrorName>, or Extension.InitError for a plain Error. */
function errorName(error: unknown): string {
  const type = toErrorResponse(error).errorType.replace(/[^A-Za-z]/g, "");
  return type && type !== "Error" ? type[0]!.toUpperCase() + type.slice(1) : "InitError";
}
