// Per-invoke state (request id, trace id, tenant id) in AsyncLocalStorage rather than in process
// globals, so log lines carry the right request id and concurrent invokes can come later.
import type * as AsyncHooks from "node:async_hooks";

export interface InvokeState {
  readonly requestId: string;
  readonly traceId: string | undefined;
  readonly tenantId: string | undefined;
}

const { AsyncLocalStorage } = process.getBuiltinModule("node:async_hooks") as typeof AsyncHooks;
const storage = new AsyncLocalStorage<InvokeState>();

export function currentInvoke(): InvokeState | undefined {
  return storage.getStore();
}

export function runInInvoke<T>(state: InvokeState, fn: () => T): T {
  return storage.run(state, fn);
}
