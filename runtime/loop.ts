// The invoke loop: next → handler → response or error, for ever. The only module that knows
// the order of a Lambda invoke.
import type { RuntimeConfig } from "./config.ts";
import { buildContext, readInvocationHeaders, type MalformedInvocation } from "./context.ts";
import { Invocation } from "./invocation.ts";
import { runInInvoke } from "./invoke-store.ts";
import type { Logger } from "./logging/logger.ts";
import { MalformedStreak } from "./malformed-streak.ts";
import { decodeEvent, encodeResult } from "./payload.ts";
import type { RuntimeApi } from "./routes.ts";
import { streamInvocation } from "./streaming/stream-invocation.ts";
import { isStreamingHandler } from "./streaming/streamify.ts";
import type { TransportResponse } from "./transport/transport.ts";
import type { Handler, ServeOptions } from "./types.ts";

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
export async function handleNext(parts: LoopParts, next: TransportResponse, streak?: MalformedStreak): Promise<boolean> {
  const { api, config, logger, handler, options } = parts;
  let headers;
  try {
    headers = readInvocationHeaders(next.headers);
  } catch (error) {
    const malformed = error as MalformedInvocation;
    const { requestId, invocationId } = malformed;
    const quiet = streak?.ongoing ?? false;
    // Without a request id nothing can be reported; with one, the invoke fails visibly, under
    // its id in the log and with its invocation id echoed.
    await runInInvoke({ requestId: requestId ?? "", traceId: undefined, tenantId: undefined }, async () => {
      if (!quiet) logger.error(`Malformed invocation from the Runtime API: ${malformed.message}`);
      if (requestId !== undefined) await new Invocation(requestId, invocationId, api, logger).fail(error, quiet ? null : "Invoke Error");
    });
    return false;
  }

  const concurrent = config.maxConcurrency > 1;
  // Classic (one invoke at a time) runtimes expose the trace header through the environment;
  // with several invokes at once it lives only in the invoke's store (InvokeStore, the context).
  if (!concurrent) {
    if (headers.traceId !== undefined) process.env["_X_AMZN_TRACE_ID"] = headers.traceId;
    else delete process.env["_X_AMZN_TRACE_ID"];
  }

  const invocation = new Invocation(headers.requestId, headers.invocationId, api, logger);
  const context = buildContext(headers, config);
  parts.track(invocation, true);
  // Managed Instances do not stop a handler at its deadline (context.signal aborts then): say
  // so in its log, once, so a handler that ignores the signal shows why its slot stays busy.
  // Classic mode calls the handler directly: its path stays as short as before.
  const state = { requestId: headers.requestId, traceId: headers.traceId, tenantId: headers.tenantId };
  await runInInvoke(state, concurrent ? () => watchingDeadline(headers.deadline, invocation, logger, runHandler) : runHandler);
  parts.track(invocation, false);
  return true;

  async function runHandler(): Promise<void> {
    if (isStreamingHandler(handler)) {
      await streamInvocation(api, invocation, handler, () => decodeEvent(next.body, options.mode), context);
      return;
    }
    let encoded;
    try {
      const result = await handler(decodeEvent(next.body, options.mode), context);
      encoded = encodeResult(result, options);
    } catch (error) {
      await invocation.fail(error);
      return;
    }
    await invocation.succeed(encoded);
  }
}

async function watchingDeadline(deadline: number, invocation: Invocation, logger: Logger, run: () => Promise<void>): Promise<void> {
  const timer = setTimeout(() => {
    if (invocation.reported) return;
    logger.warn(`Invoke ${invocation.requestId} passed its deadline; Lambda has answered it as timed out. The handler still runs and holds one of this environment's concurrent slots until it settles (see context.signal)`);
  }, Math.max(0, deadline - Date.now()));
  timer.unref();
  try {
    await run();
  } finally {
    clearTimeout(timer);
  }
}

