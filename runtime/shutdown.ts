// onShutdown(): hooks the runtime runs when Lambda sends SIGTERM (it does when an extension is
// registered), within the runtime's share of the shutdown budget, before the process exits.
const hooks: (() => void | Promise<void>)[] = [];

/** The runtime's share of the 2,000 ms shutdown budget with external extensions. */
export const RUNTIME_SHUTDOWN_BUDGET_MS = 300;

export function onShutdown(hook: () => void | Promise<void>): void {
  hooks.push(hook);
}

export function installShutdownHandler(log: (message: string, error?: unknown) => void): void {
  process.once("SIGTERM", () => {
    const timer = setTimeout(() => {
      log(`shutdown hooks still running after ${RUNTIME_SHUTDOWN_BUDGET_MS} ms; exiting`);
      process.exit(0);
    }, RUNTIME_SHUTDOWN_BUDGET_MS);
    void Promise.allSettled(hooks.map(async (hook) => hook())).then((results) => {
      for (const result of results) if (result.status === "rejected") log("shutdown hook failed:", result.reason);
      clearTimeout(timer);
      process.exit(0);
    });
  });
}
