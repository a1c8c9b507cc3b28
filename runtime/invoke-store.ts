// Per-invoke state (request id, trace id, tenant id, and what user code sets through
// awslambda.InvokeStore) in AsyncLocalStorage rather than in process globals, so log lines and
// the AWS SDK see the right invoke even when many run at once (Lambda Managed Instances).
// Functions every invoke runs are parenthesised, `(function name() {})`, so V8 compiles them
// with the module at init instead of inside the first invoke (README, "The first invoke").
import type * as AsyncHooks from "node:async_hooks";

export interface InvokeState {
  readonly requestId: string;
  readonly traceId: string | undefined;
  readonly tenantId: string | undefined;
  /** Values user code stored for this invoke (InvokeStore.set), created on first use. */
  values?: Map<string | symbol, unknown>;
}

const { AsyncLocalStorage } = process.getBuiltinModule("node:async_hooks") as typeof AsyncHooks;
const storage = new AsyncLocalStorage<InvokeState>();

export function currentInvoke(): InvokeState | undefined {
  return storage.getStore();
}

/** Runs `fn(...args)` as the given invoke (arguments rather than a closure: no allocation per invoke). */
export const runInInvoke = (function runInInvoke<R, A extends unknown[]>(state: InvokeState, fn: (...args: A) => R, ...args: A): R {
  return storage.run(state, fn, ...args);
});
