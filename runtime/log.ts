// The exported `log`: levelled logging that goes where console.* goes. It binds lazily, so
// importing the package writes nothing and reads the environment only on first use.
import { loggerFromEnv, type Logger } from "./logging/logger.ts";

let shared: Logger | undefined;

export function sharedLogger(): Logger {
  return (shared ??= loggerFromEnv());
}

export const log = {
  trace: (...args: unknown[]): void => sharedLogger().trace(...args),
  debug: (...args: unknown[]): void => sharedLogger().debug(...args),
  info: (...args: unknown[]): void => sharedLogger().info(...args),
  warn: (...args: unknown[]): void => sharedLogger().warn(...args),
  error: (...args: unknown[]): void => sharedLogger().error(...args),
  fatal: (...args: unknown[]): void => sharedLogger().fatal(...args),
};
