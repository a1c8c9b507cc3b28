// Lambda Managed Instances: AWS_LAMBDA_MAX_CONCURRENCY pollers in this one process, each with its
// own Runtime API client (its own kept-alive connection), each running the ordinary invoke loop.
// Async pollers rather than worker threads: invokes are I/O-bound as a rule, one event loop
// serves them without copying events between threads, and the function initialises once
// (README, "Managed Instances", has the measurements behind the choice).
import { runLoop, type LoopParts } from "./loop.ts";
import type { RuntimeApi } from "./routes.ts";

/** Runs `config.maxConcurrency` loops (the first on `first`); rejects when any fails for good. */
export function runPollers(parts: Omit<LoopParts, "api">, first: RuntimeApi, another: () => RuntimeApi): Promise<never> {
  const count = parts.config.maxConcurrency;
  const apis = [first, ...Array.from({ length: count - 1 }, another)];
  return Promise.race(apis.map((api) => runLoop({ ...parts, api })));
}
