// The invoke loop: next → handler → response or error, for ever. The only module that knows
// the order of a Lambda invoke.
// Functions every invoke runs are parenthesised, `(function name() {})`, so V8 compiles them
// with the module at init instead of inside the first invoke (README, "The first invoke").
import type { RuntimeConfig } from "./config.ts";
import { buildContext, readInvocationHeaders, type InvocationHeaders, type MalformedInvocation } from "./context.ts";
import { Invocation } from "./invocation.ts";
import { runInInvoke } from "./invoke-store.ts";
import type { Logger } from "./logging/logger.ts";
import { MalformedStreak } from "./malformed-streak.ts";
import { decodeEvent, encodeResult } from "./payload.ts";
import type { RuntimeApi } from "./routes.ts";
import { streamInvocation } from "./streaming/stream-invocation.ts";
import { isStreamingHandler } from "./streaming/streamify.ts";
import { setTraceEnv } from "./trace-env.ts";
import type { TransportResponse } from "./transport/transport.ts";
import type { Context, Handler, ServeOptions } from "./types.ts";

export interface LoopParts {
  api: RuntimeApi;
  config: RuntimeConfig;
  logger: Logger;
  handler: Handler;
  options: ServeOptions;
  /** Told of each invoke as it starts and ends, so process-level faults can be reported against it. */
  track(invocation: Invocation, running: boolean): void;
}

/** Runs until the Runtime API fails for good (the returned promise then rejects). */
export async function runLoop(parts: LoopParts): Promise<never> {
  const streak = new MalformedStreak(parts.logger);
  for (;;) {
    if (await handleNext(parts, await parts.api.next(), streak)) streak.end();
    else await streak.record();
  }
}

/** Handles one /next answer; false when it was a malformed invoke (already failed and logged). */
export const handleNext = (async function handleNext(parts: LoopParts, next: TransportResponse, streak?: MalformedStreak): Promise<boolean> {
  let headers: InvocationHeaders;
  try {
    headers = readInvocationHeaders(next.headers);
  } catch (error) {
    await failMalformed(parts, error as MalformedInvocation, streak?.ongoing ?? false);
    return false;
  }
  const concurrent = parts.config.maxConcurrency > 1;
  // Classic (one invoke at a time) runtimes expose the trace header as process.env (trace-env.ts);
  // with several invokes at once it lives only in the invoke's store (InvokeStore, the context).
  if (!concurrent) setTraceEnv(headers.traceId);
  const invocation = new Invocation(headers.requestId, headers.invocationId, parts.api, parts.logger);
  const context = buildContext(headers, parts.config);
  parts.track(invocation, true);
  const state = { requestId: headers.requestId, traceId: headers.traceId, tenantId: headers.tenantId };
  // Managed Instances do not stop a handler at its deadline (context.signal aborts then): say
  // so in its log, once, so a handler that ignores the signal shows why its slot stays busy.
  // Classic mode calls the handler directly: its path stays as short as before.
  if (concurrent) await runInInvoke(state, watchingDeadline, parts, next.body, invocation, context);
  else await runInInvoke(state, runHandler, parts, next.body, invocation, context);
  parts.track(invocation, false);
  return true;
});

/** Without a request id nothing can be reported; with one, the invoke fails visibly, under its id in the log and with its invocation id echoed. */
function failMalformed(parts: LoopParts, malformed: MalformedInvocation, quiet: boolean): Promise<void> {
  const { requestId, invocationId } = malformed;
  return runInInvoke({ requestId: requestId ?? "", traceId: undefined, tenantId: undefined }, async () => {
    if (!quiet) parts.logger.error(`Malformed invocation from the Runtime API: ${malformed.message}`);
    if (requestId !== undefined) await new Invocation(requestId, invocationId, parts.api, parts.logger).fail(malformed, quiet ? null : "Invoke Error");
  });
}

const runHandler = (async function runHandler(parts: LoopParts, body: Buffer, invocation: Invocation, context: Context): Promise<void> {
  const { handler, options } = parts;
  if (isStreamingHandler(handler)) {
    await streamInvocation(parts.api, invocation, handler, () => decodeEvent(body, options.mode), context);
    return;
  }
  let encoded;
  try {
    encoded = encodeResult(await handler(decodeEvent(body, options.mode), context), options);
  } catch (error) {
    await invocation.fail(error);
    return;
  }
  await invocation.succeed(encoded);
});

async function watchingDeadline(parts: LoopParts, body: Buffer, invocation: Invocation, context: Context): Promise<void> {
  const timer = setTimeout(() => {
    if (invocation.reported) return;
    parts.logger.warn(`Invoke ${invocation.requestId} passed its deadline; Lambda has answered it as timed out. The handler still runs and holds one of this environment's concurrent slots until it settles (see context.signal)`);
  }, Math.max(0, context.deadline - Date.now()));
  timer.unref();
  try {
    await runHandler(parts, body, invocation, context);
  } finally {
    clearTimeout(timer);
  }
}

